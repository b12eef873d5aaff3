package org.peft4j.peft;

import org.peft4j.transformer.nn.LinearLayer;
import org.peft4j.transformer.nn.Module;

/**
 * A PEFT wrapper that replaced a dense layer in the model tree (LoRA, IA3, bottleneck adapter). It is itself a
 * {@link LinearLayer} with the base layer's shape, keeps the base layer as its child "base_layer" (whose weight and
 * bias keep their Hugging Face names and stay frozen), and adds its own parameters under its path.
 */
public interface PeftLayer extends LinearLayer {
    /** The layer this wrapper replaced. */
    LinearLayer baseLayer();

    /** Whether the adapter is a linear change of the base weights that {@link #merge} can fold in. */
    boolean isMergeable();

    /** Folds the adapter into the base weight (and bias where the method scales it); forward then runs the base only. */
    void merge(MergeInto into);

    /** Undoes {@link #merge}: restores the base tensors (or subtracts again after an IN_PLACE merge). */
    void unmerge();

    boolean isMerged();

    /** This wrapper as a module of the tree. */
    default Module module() { return (Module) this; }

    /** The wrapped layer's dotted path. */
    default String modulePath() { return module().path(); }
}
