package org.peft4j.tensor.ops;

import org.peft4j.tensor.Tensor;

/** RMSNorm forward: the output and rstd = 1/sqrt(mean(x^2) + eps) per row (shape of x without its last dim). */
public record RmsNormResult(Tensor out, Tensor rstd) {}
