package org.peft4j.weights.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Classification settings shared by every Hugging Face config (PretrainedConfig): the number of labels (default 2,
 * or the size of {@code id2label} when that is given), their names, and {@code problem_type} (null,
 * "regression", "single_label_classification" or "multi_label_classification").
 */
public record Labels(int numLabels, Map<Integer, String> id2label, Map<String, Integer> label2id, String problemType) {
    public static final java.util.List<String> PROBLEM_TYPES = java.util.List.of("regression", "single_label_classification", "multi_label_classification");

    public Labels {
        id2label = Collections.unmodifiableMap(new TreeMap<>(id2label));
        label2id = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(label2id));
    }

    /** HF's default: num_labels labels named LABEL_0, LABEL_1, ... */
    public static Labels defaults(int numLabels) {
        Map<Integer, String> names = new TreeMap<>();
        Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        for (int i = 0; i < numLabels; i++) { names.put(i, "LABEL_" + i); ids.put("LABEL_" + i, i); }
        return new Labels(numLabels, names, ids, null);
    }
}
