package org.peft4j.weights.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter names and shapes a Hugging Face base model of a given config has, as its state dict names them
 * (BertModel / RobertaModel / GPT2Model / LlamaModel, without a task prefix). Used to check that a weights file fits
 * its config.json and to find the prefix a task model adds ("bert.", "transformer.", "model.").
 */
public final class WeightLayout {
    private WeightLayout() {}

    /** Base-model parameters in HF order (Linear weights [out, in]; GPT-2 Conv1D weights [in, out]). */
    public static Map<String, int[]> expected(ModelConfig config) {
        Map<String, int[]> m = new LinkedHashMap<>();
        switch (config) {
            case EncoderConfig c -> encoder(c, m);
            case Gpt2Config c -> gpt2(c, m);
            case LlamaConfig c -> llama(c, m);
        }
        return m;
    }

    /** Expected names a model may lack: BERT/RoBERTa's pooler (RobertaForSequenceClassification, for one, has none). */
    public static java.util.Set<String> optional(ModelConfig config) {
        return config instanceof EncoderConfig ? java.util.Set.of("pooler.dense.weight", "pooler.dense.bias") : java.util.Set.of();
    }

    /** The prefix under which {@code names} hold the base model ("" for a bare base model), or null if none fits. */
    public static String prefix(ModelConfig config, Collection<String> names) {
        String probe = expected(config).keySet().iterator().next();
        for (String p : List.of("", config.modelType() + ".", "transformer.", "model.", "base_model.model."))
            if (names.contains(p + probe)) return p;
        for (String n : names) if (n.endsWith("." + probe)) return n.substring(0, n.length() - probe.length());
        return null;
    }

    private static void encoder(EncoderConfig c, Map<String, int[]> m) {
        int h = c.hiddenSize(), i = c.intermediateSize();
        m.put("embeddings.word_embeddings.weight", new int[]{c.vocabSize(), h});
        m.put("embeddings.position_embeddings.weight", new int[]{c.maxPositionEmbeddings(), h});
        m.put("embeddings.token_type_embeddings.weight", new int[]{c.typeVocabSize(), h});
        norm(m, "embeddings.LayerNorm", h);
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = "encoder.layer." + l + ".";
            for (String qkv : List.of("query", "key", "value")) linear(m, p + "attention.self." + qkv, h, h);
            linear(m, p + "attention.output.dense", h, h);
            norm(m, p + "attention.output.LayerNorm", h);
            linear(m, p + "intermediate.dense", i, h);
            linear(m, p + "output.dense", h, i);
            norm(m, p + "output.LayerNorm", h);
        }
        linear(m, "pooler.dense", h, h);
    }

    private static void gpt2(Gpt2Config c, Map<String, int[]> m) {
        int e = c.nEmbd(), i = c.intermediateSize();
        m.put("wte.weight", new int[]{c.vocabSize(), e});
        m.put("wpe.weight", new int[]{c.nPositions(), e});
        for (int l = 0; l < c.nLayer(); l++) {
            String p = "h." + l + ".";
            norm(m, p + "ln_1", e);
            conv1d(m, p + "attn.c_attn", e, 3 * e);
            conv1d(m, p + "attn.c_proj", e, e);
            norm(m, p + "ln_2", e);
            conv1d(m, p + "mlp.c_fc", e, i);
            conv1d(m, p + "mlp.c_proj", i, e);
        }
        norm(m, "ln_f", e);
    }

    private static void llama(LlamaConfig c, Map<String, int[]> m) {
        int h = c.hiddenSize(), q = c.numAttentionHeads() * c.headDim(), kv = c.numKeyValueHeads() * c.headDim(), i = c.intermediateSize();
        m.put("embed_tokens.weight", new int[]{c.vocabSize(), h});
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = "layers." + l + ".";
            m.put(p + "input_layernorm.weight", new int[]{h});
            proj(m, p + "self_attn.q_proj", q, h, c.attentionBias());
            proj(m, p + "self_attn.k_proj", kv, h, c.attentionBias());
            proj(m, p + "self_attn.v_proj", kv, h, c.attentionBias());
            proj(m, p + "self_attn.o_proj", h, q, c.attentionBias());
            m.put(p + "post_attention_layernorm.weight", new int[]{h});
            proj(m, p + "mlp.gate_proj", i, h, c.mlpBias());
            proj(m, p + "mlp.up_proj", i, h, c.mlpBias());
            proj(m, p + "mlp.down_proj", h, i, c.mlpBias());
        }
        m.put("norm.weight", new int[]{h});
    }

    private static void linear(Map<String, int[]> m, String name, int out, int in) { proj(m, name, out, in, true); }

    private static void proj(Map<String, int[]> m, String name, int out, int in, boolean bias) {
        m.put(name + ".weight", new int[]{out, in});
        if (bias) m.put(name + ".bias", new int[]{out});
    }

    private static void conv1d(Map<String, int[]> m, String name, int in, int out) {
        m.put(name + ".weight", new int[]{in, out});
        m.put(name + ".bias", new int[]{out});
    }

    private static void norm(Map<String, int[]> m, String name, int h) {
        m.put(name + ".weight", new int[]{h});
        m.put(name + ".bias", new int[]{h});
    }
}
