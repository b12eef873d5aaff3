package org.peft4j.tensor.ops;

import org.peft4j.tensor.Tensor;

/** Cross-entropy: the loss (shape []) and its gradient w.r.t. the logits (the logits' shape). */
public record CrossEntropyResult(Tensor loss, Tensor dlogits) {}
