package org.peft4j.transformer.models;

import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.weights.config.Gpt2Config;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.config.RobertaConfig;

/** Derived settings the models read from the weights module's config records, and the checks for what peft4j implements. */
public final class ConfigViews {
    private ConfigViews() {}

    public static boolean isRoberta(EncoderConfig c) { return c instanceof RobertaConfig; }

    /** RoBERTa's padding_idx (positions start after it); BERT's pad id (0 when absent). */
    public static int paddingIdx(EncoderConfig c) {
        if (c instanceof RobertaConfig r) return r.paddingIdx();
        Integer pad = c.tokens().pad();
        return pad == null ? 0 : pad;
    }

    /** classifier_dropout, or hidden_dropout_prob when null (as transformers does). */
    public static float classifierDropout(EncoderConfig c) {
        return (float) (c.classifierDropout() != null ? c.classifierDropout() : c.hiddenDropoutProb());
    }

    /** config.json's architectures[0], or null. */
    public static String architecture(ModelConfig c) {
        return c.architectures().isEmpty() ? null : c.architectures().get(0);
    }

    /** Rejects settings the implementation does not cover, naming the field, the value found and what is supported. */
    public static void checkSupported(ModelConfig c, String source) {
        switch (c) {
            case EncoderConfig e -> {
                if (!"absolute".equals(e.positionEmbeddingType()))
                    throw unsupported(source, "position_embedding_type", "absolute", "'" + e.positionEmbeddingType() + "'");
            }
            case Gpt2Config g -> {
                if (g.reorderAndUpcastAttn()) throw unsupported(source, "reorder_and_upcast_attn", "false", "true");
            }
            case LlamaConfig l -> {
                if (l.ropeScaling() != null && !"default".equals(l.ropeScaling().type()))
                    throw unsupported(source, "rope_scaling", "null (RoPE scaling is not implemented)", l.ropeScaling().entries().toString());
                if (l.pretrainingTp() != 1) throw unsupported(source, "pretraining_tp", "1", Integer.toString(l.pretrainingTp()));
            }
        }
    }

    private static ModelLoadException unsupported(String source, String field, String expected, String found) {
        return new ModelLoadException(source + ": field '" + field + "': expected " + expected + ", found " + found);
    }
}
