package org.peft4j.tensor.ops;

import org.peft4j.tensor.Tensor;

/** RMSNorm backward: gradients w.r.t. x and gamma [h]. */
public record RmsNormGrads(Tensor dx, Tensor dgamma) {}
