package org.peft4j.finetune.train;

import org.peft4j.autograd.Var;

/** One forward pass of a batch under grad mode, returning the scalar loss to minimise. */
@FunctionalInterface
public interface TrainStep<B> {
    Var loss(B batch);
}
