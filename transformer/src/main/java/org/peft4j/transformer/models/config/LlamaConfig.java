package org.peft4j.transformer.models.config;

import java.util.List;

/** LLaMA settings from config.json; num_key_value_heads defaults to num_attention_heads (no GQA). */
public record LlamaConfig(String architecture, int vocabSize, int hiddenSize, int intermediateSize, int numLayers,
                          int numHeads, int numKvHeads, int maxPositions, float rmsNormEps, double ropeTheta,
                          boolean attentionBias, boolean mlpBias, boolean tieWordEmbeddings, String hiddenAct,
                          int bosTokenId, List<Integer> eosTokenIds, int padTokenId, float initializerRange) {

    public int headDim() { return hiddenSize / numHeads; }

    public static LlamaConfig from(ConfigJson c) {
        int hidden = c.requirePositive("hidden_size");
        int heads = c.requirePositive("num_attention_heads");
        c.requireDivisible("hidden_size", hidden, "num_attention_heads", heads);
        int kv = c.optInt("num_key_value_heads", heads);
        if (kv <= 0) throw c.error("num_key_value_heads", "a positive integer", Integer.toString(kv));
        c.requireDivisible("num_attention_heads", heads, "num_key_value_heads", kv);
        if (c.has("head_dim") && c.requireInt("head_dim") != hidden / heads)
            throw c.error("head_dim", "hidden_size / num_attention_heads = " + hidden / heads, Integer.toString(c.requireInt("head_dim")));
        if (c.has("rope_scaling")) {
            var rs = c.node("rope_scaling");
            String type = rs.has("rope_type") ? rs.get("rope_type").asText() : rs.has("type") ? rs.get("type").asText() : "?";
            if (!type.equals("default")) throw c.error("rope_scaling", "null (RoPE scaling is not implemented)", rs.toString());
        }
        if (c.optInt("pretraining_tp", 1) != 1) throw c.error("pretraining_tp", "1", Integer.toString(c.optInt("pretraining_tp", 1)));
        List<Integer> eos = c.intList("eos_token_id");
        if (eos.isEmpty()) eos = List.of(2);
        return new LlamaConfig(c.architecture(), c.requirePositive("vocab_size"), hidden,
                c.requirePositive("intermediate_size"), c.requirePositive("num_hidden_layers"), heads, kv,
                c.optInt("max_position_embeddings", 2048), (float) c.optDouble("rms_norm_eps", 1e-6),
                c.optDouble("rope_theta", 10000.0), c.optBoolean("attention_bias", false),
                c.optBoolean("mlp_bias", false), c.optBoolean("tie_word_embeddings", false),
                c.optString("hidden_act", "silu"), c.optInt("bos_token_id", 1), List.copyOf(eos),
                c.optInt("pad_token_id", -1), (float) c.optDouble("initializer_range", 0.02));
    }
}
