package org.peft4j.weights.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LLaMA's {@code rope_scaling}: its type ("linear", "dynamic", "llama3", "yarn", ... read from "rope_type" or the
 * older "type"), its factor, and every entry as written (low_freq_factor, original_max_position_embeddings, ...).
 */
public record RopeScaling(String type, double factor, Map<String, Object> entries) {
    public RopeScaling {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** A numeric entry, or the default when absent. */
    public double number(String key, double def) {
        return entries.get(key) instanceof Number n ? n.doubleValue() : def;
    }
}
