package org.peft4j.transformer.models.config;

import java.util.List;

/** GPT-2 settings from config.json. {@code innerSize} is n_inner, or 4·n_embd when null. */
public record Gpt2Config(String architecture, int vocabSize, int maxPositions, int hiddenSize, int numLayers,
                         int numHeads, int innerSize, String activation, float layerNormEps, float residDropout,
                         float embdDropout, float attnDropout, boolean scaleAttnWeights,
                         boolean scaleAttnByInverseLayerIdx, boolean tieWordEmbeddings, int bosTokenId,
                         List<Integer> eosTokenIds, float initializerRange) {

    public int headDim() { return hiddenSize / numHeads; }

    public static Gpt2Config from(ConfigJson c) {
        int hidden = c.requirePositive("n_embd");
        int heads = c.requirePositive("n_head");
        c.requireDivisible("n_embd", hidden, "n_head", heads);
        if (c.optBoolean("reorder_and_upcast_attn", false))
            throw c.error("reorder_and_upcast_attn", "false (the upcast attention variant is not implemented)", "true");
        List<Integer> eos = c.intList("eos_token_id");
        if (eos.isEmpty()) eos = List.of(50256);
        return new Gpt2Config(c.architecture(), c.requirePositive("vocab_size"), c.optInt("n_positions", 1024), hidden,
                c.requirePositive("n_layer"), heads, c.optInt("n_inner", 4 * hidden),
                c.optString("activation_function", "gelu_new"), (float) c.optDouble("layer_norm_epsilon", 1e-5),
                (float) c.optDouble("resid_pdrop", 0.1), (float) c.optDouble("embd_pdrop", 0.1),
                (float) c.optDouble("attn_pdrop", 0.1), c.optBoolean("scale_attn_weights", true),
                c.optBoolean("scale_attn_by_inverse_layer_idx", false), c.optBoolean("tie_word_embeddings", true),
                c.optInt("bos_token_id", 50256), List.copyOf(eos), (float) c.optDouble("initializer_range", 0.02));
    }

    /** GPT-2 124M ("gpt2") shapes, for benchmarks with random weights. */
    public static Gpt2Config gpt2Small() {
        return new Gpt2Config("GPT2LMHeadModel", 50257, 1024, 768, 12, 12, 3072, "gelu_new", 1e-5f, 0.1f, 0.1f, 0.1f,
                true, false, true, 50256, List.of(50256), 0.02f);
    }
}
