/**
 * Op tracing: {@link org.peft4j.tensor.trace.Trace} records every tensor op run while it is open, with the module
 * path it ran under, operand shapes and dtypes, FLOPs, bytes and wall time, and renders a per-op-type summary, a
 * per-module tree, JSON lines and a Chrome trace.
 *
 * <h2>How FLOPs are counted</h2>
 * As the formula is written in a textbook, one addition, multiplication, division, comparison or call of a
 * transcendental function (exp, log, tanh, erf, sqrt) counting one FLOP:
 * <ul>
 *   <li>matmul / linear: 2·m·n·k per batch item (one multiply and one add per term), plus m·n for a bias;</li>
 *   <li>elementwise ops: 1 per output element (sigmoid 3: exp, add, divide; rsqrt 2);</li>
 *   <li>reductions: 1 per input element;</li>
 *   <li>softmax 5 per element (max, subtract, exp, sum, divide), +1 with a mask; its backward 4;</li>
 *   <li>layer_norm 8 per element (mean 1, variance 3, normalise 2, scale and shift 2), backward 13;
 *       rms_norm 4, backward 8;</li>
 *   <li>gelu 5 (erf form) or 9 (tanh form), backward 10 or 14; silu 4, backward 8;</li>
 *   <li>rope 3 per element; embedding 0 (a gather), its backward 1 per gradient element;</li>
 *   <li>cross_entropy 6 per logit (log-sum-exp 4 and the gradient 2).</li>
 * </ul>
 * Bytes are the sizes of all operands and results (distinct elements times dtype size): what an op must at least
 * move through memory once. GFLOP/s and GB/s in the summary divide these by measured wall time.
 */
package org.peft4j.tensor.trace;
