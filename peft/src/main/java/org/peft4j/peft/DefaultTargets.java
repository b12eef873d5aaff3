package org.peft4j.peft;

import java.util.List;

/**
 * Hugging Face PEFT's default target modules per model type (TRANSFORMERS_MODELS_TO_*_TARGET_MODULES_MAPPING),
 * used when a config names none.
 */
public final class DefaultTargets {
    private DefaultTargets() {}

    /** LoRA: the query and value projections. */
    public static List<String> lora(String modelType) {
        return switch (modelType) {
            case "bert", "roberta" -> List.of("query", "value");
            case "gpt2" -> List.of("c_attn");
            case "llama" -> List.of("q_proj", "v_proj");
            default -> throw unknown(modelType, "LoRA");
        };
    }

    /** IA3: keys, values and the FFN's second projection. */
    public static List<String> ia3(String modelType) {
        return switch (modelType) {
            case "bert", "roberta" -> List.of("key", "value", "output.dense");
            case "gpt2" -> List.of("c_attn", "mlp.c_proj");
            case "llama" -> List.of("k_proj", "v_proj", "down_proj");
            default -> throw unknown(modelType, "IA3");
        };
    }

    /** IA3's feed-forward modules (whose input, not output, is scaled). */
    public static List<String> ia3Feedforward(String modelType) {
        return switch (modelType) {
            case "bert", "roberta" -> List.of("output.dense");
            case "gpt2" -> List.of("mlp.c_proj");
            case "llama" -> List.of("down_proj");
            default -> throw unknown(modelType, "IA3");
        };
    }

    private static PeftConfigException unknown(String type, String method) {
        return new PeftConfigException(method + ": no default target_modules for model_type '" + type
                + "' (defaults exist for bert, roberta, gpt2, llama); name the target modules");
    }
}
