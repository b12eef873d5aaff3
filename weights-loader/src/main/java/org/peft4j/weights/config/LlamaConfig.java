package org.peft4j.weights.config;

import java.util.List;
import java.util.Map;

/**
 * transformers' LlamaConfig (configuration_llama.py); defaults are Llama-2-7b's: num_key_value_heads defaults to
 * num_attention_heads (no grouped-query attention), head_dim to hidden_size / num_attention_heads, rope_theta
 * 10000, rms_norm_eps 1e-6, tie_word_embeddings false. The newer "rope_parameters" object (rope_theta +
 * rope_type) is read as well.
 */
public record LlamaConfig(
        int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers, int numAttentionHeads,
        int numKeyValueHeads, int headDim, String hiddenAct, int maxPositionEmbeddings, double initializerRange,
        double rmsNormEps, double ropeTheta, RopeScaling ropeScaling, boolean attentionBias, double attentionDropout,
        boolean mlpBias, int pretrainingTp, boolean tieWordEmbeddings, TokenIds tokens, Labels labels,
        List<String> architectures) implements ModelConfig {

    public LlamaConfig {
        architectures = List.copyOf(architectures);
    }

    @Override public String modelType() { return "llama"; }
    @Override public String activation() { return hiddenAct; }
    @Override public double normEps() { return rmsNormEps; }

    /** Query heads per key/value head (1 = plain multi-head attention). */
    public int groupSize() { return numAttentionHeads / numKeyValueHeads; }

    static LlamaConfig read(ConfigReader r) throws ConfigFormatException {
        int hidden = r.positive("hidden_size", r.integer("hidden_size", 4096));
        int heads = r.positive("num_attention_heads", r.integer("num_attention_heads", 32));
        Integer kv = r.nullableInt("num_key_value_heads", null);
        int kvHeads = r.positive("num_key_value_heads", kv == null ? heads : kv);
        CommonFields.divisible(r, "num_attention_heads", heads, "num_key_value_heads", kvHeads);
        Integer hd = r.nullableInt("head_dim", null);
        if (hd == null) CommonFields.divisible(r, "hidden_size", hidden, "num_attention_heads", heads);
        int headDim = r.positive("head_dim", hd == null ? hidden / heads : hd);

        double theta = r.number("rope_theta", 10000.0);
        RopeScaling scaling = ropeScaling(r, r.objectOrNull("rope_scaling"));
        Map<String, Object> params = r.objectOrNull("rope_parameters");
        if (params != null) { // transformers >= 5 writes rope_theta and the scaling kind here
            if (params.get("rope_theta") instanceof Number n) theta = n.doubleValue();
            if (!"default".equals(params.getOrDefault("rope_type", "default"))) scaling = ropeScaling(r, params);
        }
        if (!(theta > 0)) throw r.problem("expected 'rope_theta' to be positive, found " + theta);
        return new LlamaConfig(
                r.positive("vocab_size", r.integer("vocab_size", 32000)),
                hidden,
                r.positive("intermediate_size", r.integer("intermediate_size", 11008)),
                r.positive("num_hidden_layers", r.integer("num_hidden_layers", 32)),
                heads, kvHeads, headDim,
                r.string("hidden_act", "silu"),
                r.positive("max_position_embeddings", r.integer("max_position_embeddings", 2048)),
                r.number("initializer_range", 0.02),
                r.number("rms_norm_eps", 1e-6),
                theta, scaling,
                r.bool("attention_bias", false),
                r.number("attention_dropout", 0.0),
                r.bool("mlp_bias", false),
                r.integer("pretraining_tp", 1),
                r.bool("tie_word_embeddings", false),
                CommonFields.tokens(r, 1, List.of(2), null),
                CommonFields.labels(r),
                r.strings("architectures"));
    }

    private static RopeScaling ropeScaling(ConfigReader r, Map<String, Object> m) throws ConfigFormatException {
        if (m == null) return null;
        Object type = m.containsKey("rope_type") ? m.get("rope_type") : m.get("type");
        if (!(type instanceof String t)) throw r.problem("expected 'rope_scaling' to name its 'rope_type' (or 'type'), found " + m);
        Object factor = m.get("factor");
        if (factor != null && !(factor instanceof Number)) throw r.problem("expected rope_scaling 'factor' to be a number, found " + factor);
        return new RopeScaling(t, factor == null ? 1.0 : ((Number) factor).doubleValue(), m);
    }
}
