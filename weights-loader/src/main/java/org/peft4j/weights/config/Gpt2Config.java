package org.peft4j.weights.config;

import java.util.List;

/**
 * transformers' GPT2Config (configuration_gpt2.py); defaults are gpt2 (124M). The HF aliases hidden_size,
 * num_hidden_layers, num_attention_heads and max_position_embeddings are accepted for n_embd, n_layer, n_head and
 * n_positions. {@code nInner} null means 4 * n_embd.
 */
public record Gpt2Config(
        int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, Integer nInner, String activationFunction,
        double residPdrop, double embdPdrop, double attnPdrop, double layerNormEpsilon, double initializerRange,
        boolean scaleAttnWeights, boolean scaleAttnByInverseLayerIdx, boolean reorderAndUpcastAttn,
        boolean tieWordEmbeddings, TokenIds tokens, Labels labels, List<String> architectures) implements ModelConfig {

    public Gpt2Config {
        architectures = List.copyOf(architectures);
    }

    @Override public String modelType() { return "gpt2"; }
    @Override public int hiddenSize() { return nEmbd; }
    @Override public int numHiddenLayers() { return nLayer; }
    @Override public int numAttentionHeads() { return nHead; }
    @Override public int intermediateSize() { return nInner == null ? 4 * nEmbd : nInner; }
    @Override public int maxPositionEmbeddings() { return nPositions; }
    @Override public String activation() { return activationFunction; }
    @Override public double normEps() { return layerNormEpsilon; }

    static Gpt2Config read(ConfigReader r) throws ConfigFormatException {
        int embd = r.positive("n_embd", r.integer("n_embd", "hidden_size", 768));
        int head = r.positive("n_head", r.integer("n_head", "num_attention_heads", 12));
        CommonFields.divisible(r, "n_embd", embd, "n_head", head);
        Integer inner = r.nullableInt("n_inner", null);
        if (inner != null) r.positive("n_inner", inner);
        return new Gpt2Config(
                r.positive("vocab_size", r.integer("vocab_size", 50257)),
                r.positive("n_positions", r.integer("n_positions", "max_position_embeddings", 1024)),
                embd,
                r.positive("n_layer", r.integer("n_layer", "num_hidden_layers", 12)),
                head,
                inner,
                r.string("activation_function", "gelu_new"),
                r.number("resid_pdrop", 0.1),
                r.number("embd_pdrop", 0.1),
                r.number("attn_pdrop", 0.1),
                r.number("layer_norm_epsilon", 1e-5),
                r.number("initializer_range", 0.02),
                r.bool("scale_attn_weights", true),
                r.bool("scale_attn_by_inverse_layer_idx", false),
                r.bool("reorder_and_upcast_attn", false),
                r.bool("tie_word_embeddings", true),
                CommonFields.tokens(r, 50256, List.of(50256), null),
                CommonFields.labels(r),
                r.strings("architectures"));
    }
}
