package org.peft4j.weights.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The keys every Hugging Face config inherits from PretrainedConfig, with its defaults and its rules. */
final class CommonFields {
    private CommonFields() {}

    static TokenIds tokens(ConfigReader r, Integer bos, List<Integer> eos, Integer pad) throws ConfigFormatException {
        return new TokenIds(r.nullableInt("bos_token_id", bos), r.intList("eos_token_id", eos), r.nullableInt("pad_token_id", pad));
    }

    /**
     * PretrainedConfig: when {@code id2label} is given it decides the number of labels (a different
     * {@code num_labels} only earns a warning in HF, and is ignored); otherwise {@code num_labels} (default 2) labels
     * named LABEL_i. {@code label2id} defaults to the inverse of {@code id2label}.
     */
    static Labels labels(ConfigReader r) throws ConfigFormatException {
        Map<Integer, String> id2label = new TreeMap<>();
        JsonNode names = r.node("id2label");
        if (names != null && !names.isNull()) {
            if (!names.isObject()) throw r.wrong("id2label", "an object {\"0\": name, ...}", names);
            for (Map.Entry<String, JsonNode> e : names.properties()) {
                int id;
                try {
                    id = Integer.parseInt(e.getKey().trim());
                } catch (NumberFormatException nfe) {
                    throw r.problem("expected the keys of 'id2label' to be integers, found '" + e.getKey() + "'");
                }
                if (!e.getValue().isTextual()) throw r.wrong("id2label", "an object of label names (strings)", names);
                id2label.put(id, e.getValue().asText());
            }
        } else {
            int n = r.integer("num_labels", 2);
            if (n < 1) throw r.problem("expected 'num_labels' to be at least 1, found " + n);
            id2label.putAll(Labels.defaults(n).id2label());
        }
        Map<String, Integer> label2id = new LinkedHashMap<>();
        JsonNode ids = r.node("label2id");
        if (ids != null && !ids.isNull()) {
            if (!ids.isObject()) throw r.wrong("label2id", "an object {name: id, ...}", ids);
            for (Map.Entry<String, JsonNode> e : ids.properties()) {
                if (!e.getValue().isIntegralNumber()) throw r.wrong("label2id", "an object of integer ids", ids);
                label2id.put(e.getKey(), e.getValue().intValue());
            }
        } else {
            id2label.forEach((id, name) -> label2id.put(name, id));
        }
        String problem = r.nullableString("problem_type", null);
        if (problem != null && !Labels.PROBLEM_TYPES.contains(problem))
            throw r.problem("expected 'problem_type' to be one of " + Labels.PROBLEM_TYPES + " or null, found '" + problem + "'");
        return new Labels(id2label.size(), id2label, label2id, problem);
    }

    static void divisible(ConfigReader r, String what, int a, String byWhat, int b) throws ConfigFormatException {
        if (a % b != 0) throw r.problem(what + " (" + a + ") is not a multiple of " + byWhat + " (" + b + ")");
    }
}
