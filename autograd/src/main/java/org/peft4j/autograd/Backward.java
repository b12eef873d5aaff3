package org.peft4j.autograd;

import org.peft4j.tensor.Tensor;

/**
 * The backward half of a recorded op: given the gradient of the loss with respect to the op's output, returns
 * the gradients with respect to each input, in input order, each of that input's shape. An entry may be null
 * when that input does not require grad (ops check {@link Var#requiresGrad()} to skip work they need not do,
 * such as the weight gradient of a frozen weight).
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor gradOutput);
}
