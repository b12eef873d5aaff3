package org.peft4j.cli.finetune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Short names for the projections a method adapts, expanded to each model family's module names: q, k, v, o (the
 * attention projections), up, down, gate (the feed-forward ones). Any other name passes through unchanged, so a
 * full module name such as {@code attention.output.dense} still works. GPT-2 fuses q, k and v into one
 * {@code c_attn} layer: asking for any of them adapts c_attn (all three), which is what PEFT does too.
 */
public final class TargetAliases {
    private TargetAliases() {}

    private static final Map<String, Map<String, String>> BY_FAMILY = Map.of(
            "bert", Map.of("q", "query", "k", "key", "v", "value", "o", "attention.output.dense", "up", "intermediate.dense"),
            "roberta", Map.of("q", "query", "k", "key", "v", "value", "o", "attention.output.dense", "up", "intermediate.dense"),
            "gpt2", Map.of("q", "c_attn", "k", "c_attn", "v", "c_attn", "o", "attn.c_proj", "up", "mlp.c_fc", "down", "mlp.c_proj"),
            "llama", Map.of("q", "q_proj", "k", "k_proj", "v", "v_proj", "o", "o_proj", "up", "up_proj", "down", "down_proj", "gate", "gate_proj"));

    private static final List<String> ALIASES = List.of("q", "k", "v", "o", "up", "down", "gate");

    /** Expands a comma-separated list (or list items) for a model_type; duplicates are dropped, order kept. */
    public static List<String> expand(List<String> names, String modelType) {
        Map<String, String> aliases = BY_FAMILY.getOrDefault(modelType, Map.of());
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            for (String part : raw.split(",")) {
                String n = part.strip();
                if (n.isEmpty()) continue;
                String full = aliases.get(n);
                if (full == null && ALIASES.contains(n))
                    throw new IllegalArgumentException("target module alias '" + n + "' has no meaning for model_type " + modelType
                            + (aliases.isEmpty() ? " (aliases are known for bert, roberta, gpt2, llama)" : "; its aliases are " + aliases.keySet())
                            + "; give the module name instead");
                if (full == null) full = n;
                if (!out.contains(full)) out.add(full);
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--target-modules is empty");
        return out;
    }
}
