package org.peft4j.tensor.trace;

import java.util.List;

/**
 * One executed op as a {@link Trace} saw it.
 *
 * @param seq           order of completion within the trace (0, 1, ...)
 * @param phase         the innermost {@link Trace#phase} scope ("forward" when none: model code, evaluation)
 * @param path          the module path the op ran under ({@code encoder.layer.3.attention.self.query}); "" = the model root
 * @param op            the op's name ("linear", "softmax", "layer_norm_backward", ...)
 * @param gradOf        in backward: the autograd op whose gradient this op computes ("linear"); null in forward
 * @param inputs        shapes and dtypes read (null arguments such as a missing bias are left out)
 * @param outputs       shapes and dtypes written
 * @param flops         floating-point operations by the convention in the package documentation
 * @param bytes         bytes of all inputs and outputs (distinct elements x dtype size): a lower bound on traffic
 * @param startNanos    start, relative to the trace's start
 * @param durationNanos wall time of the op
 * @param threadId      the calling thread (ops run their kernels on the shared pool but are called from one thread)
 */
public record OpRecord(long seq, String phase, String path, String op, String gradOf, List<TensorInfo> inputs,
                       List<TensorInfo> outputs, long flops, long bytes, long startNanos, long durationNanos,
                       long threadId, String threadName) {
    public OpRecord {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** "F32[8, 16, 384] x F32[384, 384] -> F32[8, 16, 384]". */
    public String signature() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) sb.append(i == 0 ? "" : " x ").append(inputs.get(i));
        sb.append(" -> ");
        for (int i = 0; i < outputs.size(); i++) sb.append(i == 0 ? "" : ", ").append(outputs.get(i));
        return sb.toString();
    }

    public long endNanos() { return startNanos + durationNanos; }
}
