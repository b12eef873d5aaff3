package org.peft4j.transformer.models;

import org.peft4j.weights.config.BertConfig;
import org.peft4j.weights.config.Gpt2Config;
import org.peft4j.weights.config.Labels;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.weights.config.TokenIds;

import java.util.List;

/** Published model shapes as configs, for models built with random weights (benchmarks, memory tests). */
public final class ModelShapes {
    private ModelShapes() {}

    /** bert-base-uncased with a sequence-classification head of numLabels classes. */
    public static BertConfig bertBase(int numLabels) {
        return new BertConfig(30522, 768, 12, 12, 3072, "gelu", 0.1, 0.1, 512, 2, 0.02, 1e-12, "absolute", null, true,
                new TokenIds(null, List.of(), 0), Labels.defaults(numLabels), List.of("BertForSequenceClassification"));
    }

    /** gpt2 (124M): 12 layers, 768 wide, 12 heads, 50257 tokens, 1024 positions, tied head. */
    public static Gpt2Config gpt2Small() {
        return new Gpt2Config(50257, 1024, 768, 12, 12, null, "gelu_new", 0.1, 0.1, 0.1, 1e-5, 0.02, true, false, false,
                true, new TokenIds(50256, List.of(50256), null), Labels.defaults(2), List.of("GPT2LMHeadModel"));
    }

    /**
     * A LLaMA of about 1.1 billion parameters (TinyLlama-1.1B's shape: 22 layers, 2048 wide, 32 query and 4 key/value
     * heads, SwiGLU 5632, 32000 tokens, 2048 positions, untied head).
     */
    public static LlamaConfig llama1B() {
        return new LlamaConfig(32000, 2048, 5632, 22, 32, 4, 64, "silu", 2048, 0.02, 1e-5, 10000.0, null, false, 0.0,
                false, 1, false, new TokenIds(1, List.of(2), null), Labels.defaults(2), List.of("LlamaForCausalLM"));
    }
}
