package org.peft4j.transformer.nn;

import org.peft4j.autograd.Var;

/**
 * A module with one input and one output of the same leading shape: Linear, Conv1D, norms, dropout, activations,
 * and the PEFT wrappers that replace linear layers. Models call their projections only through this interface.
 */
public interface Layer {
    /** Applies the layer to x [..., features]. */
    Var forward(Var x);
}
