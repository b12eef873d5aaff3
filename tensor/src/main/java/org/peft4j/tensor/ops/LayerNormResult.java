package org.peft4j.tensor.ops;

import org.peft4j.tensor.Tensor;

/** LayerNorm forward: the output and the per-row statistics backward needs (shape of x without its last dim). */
public record LayerNormResult(Tensor out, Tensor mean, Tensor rstd) {}
