package org.peft4j.tensor.ops;

import org.peft4j.tensor.Tensor;

/** LayerNorm backward: gradients w.r.t. x, gamma [h] and beta [h] (always computed; cheap row sums). */
public record LayerNormGrads(Tensor dx, Tensor dgamma, Tensor dbeta) {}
