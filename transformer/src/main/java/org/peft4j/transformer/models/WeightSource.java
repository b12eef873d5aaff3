package org.peft4j.transformer.models;

import org.peft4j.tensor.Tensor;

import java.util.List;

/**
 * Where a model builder gets its tensors: a mapped safetensors folder ({@link FileWeights}) or random values
 * ({@link RandomWeights}). Builders ask for each tensor by its Hugging Face name and the shape the config implies.
 */
public interface WeightSource {
    /** The tensor with this name and exactly this shape; throws {@link ModelLoadException} naming it otherwise. */
    Tensor get(String name, int... shape);

    /**
     * A tensor a fresh model may lack (a task head on top of a pretrained body): the stored one if present,
     * otherwise a new N(0, std²) weight (or zeros for a bias), remembered in {@link #newlyInitialized()}.
     */
    Tensor getOrInit(String name, float std, int... shape);

    /** Whether the source holds this tensor (optional parts such as a pooler). Random sources hold everything. */
    boolean has(String name);

    /** Names created by {@link #getOrInit} because the source lacked them. */
    List<String> newlyInitialized();

    /** Whether parameters built from this source start trainable (random benchmark models) or frozen (files). */
    boolean trainable();
}
