package org.peft4j.transformer.models;

import org.peft4j.transformer.nn.KvCache;

import java.util.List;

/** A decoder with a language-model head that generation can drive (GPT-2, LLaMA). */
public interface CausalLanguageModel {
    /** Forward; with {@code in.cache()} the new keys/values are appended and the past is attended to. */
    ModelOutput forward(ModelInput in);

    /** An empty cache for this model's layers and heads. */
    KvCache newCache(int batch, int capacity);

    /** Token ids that end a sequence (config eos_token_id). */
    List<Integer> eosTokenIds();

    int vocabSize();

    int maxPositions();
}
