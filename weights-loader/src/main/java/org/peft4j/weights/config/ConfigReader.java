package org.peft4j.weights.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a config.json object with Hugging Face's defaults for absent keys. A key that is present with
 * the wrong type is an error naming the key, what was expected and what was found (HF would fail later, deep in
 * model construction, or silently compute something else).
 */
final class ConfigReader {
    private final JsonNode root;
    final String source;

    ConfigReader(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    boolean has(String key) { return root.has(key); }

    JsonNode node(String key) { return root.get(key); }

    String string(String key, String def) throws ConfigFormatException {
        JsonNode n = root.get(key);
        if (n == null) return def;
        if (!n.isTextual()) throw wrong(key, "a string", n);
        return n.asText();
    }

    String nullableString(String key, String def) throws ConfigFormatException {
        JsonNode n = root.get(key);
        return n != null && n.isNull() ? null : string(key, def);
    }

    int integer(String key, int def) throws ConfigFormatException {
        Integer v = nullableInt(key, def);
        if (v == null) throw wrong(key, "an integer", root.get(key));
        return v;
    }

    /** The first of several accepted spellings that is present (e.g. GPT-2's n_embd / hidden_size). */
    int integer(String key, String alias, int def) throws ConfigFormatException {
        return !root.has(key) && root.has(alias) ? integer(alias, def) : integer(key, def);
    }

    Integer nullableInt(String key, Integer def) throws ConfigFormatException {
        JsonNode n = root.get(key);
        if (n == null) return def;
        if (n.isNull()) return null;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw wrong(key, "an integer", n);
        return n.intValue();
    }

    double number(String key, double def) throws ConfigFormatException {
        Double v = nullableNumber(key, def);
        if (v == null) throw wrong(key, "a number", root.get(key));
        return v;
    }

    Double nullableNumber(String key, Double def) throws ConfigFormatException {
        JsonNode n = root.get(key);
        if (n == null) return def;
        if (n.isNull()) return null;
        if (!n.isNumber()) throw wrong(key, "a number", n);
        return n.doubleValue();
    }

    boolean bool(String key, boolean def) throws ConfigFormatException {
        JsonNode n = root.get(key);
        if (n == null) return def;
        if (!n.isBoolean()) throw wrong(key, "true or false", n);
        return n.booleanValue();
    }

    /** An integer, a list of integers, or null (eos_token_id may be any of them). */
    List<Integer> intList(String key, List<Integer> def) throws ConfigFormatException {
        JsonNode n = root.get(key);
        if (n == null) return def;
        if (n.isNull()) return List.of();
        List<Integer> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isIntegralNumber() || !e.canConvertToInt()) throw wrong(key, "an integer or a list of integers", n);
                out.add(e.intValue());
            }
        } else if (n.isIntegralNumber() && n.canConvertToInt()) {
            out.add(n.intValue());
        } else {
            throw wrong(key, "an integer or a list of integers", n);
        }
        return out;
    }

    List<String> strings(String key) throws ConfigFormatException {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray()) throw wrong(key, "a list of strings", n);
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) throw wrong(key, "a list of strings", n);
            out.add(e.asText());
        }
        return out;
    }

    /** An object's entries as plain Java values (numbers as Double/Long, strings, booleans), or null. */
    Map<String, Object> objectOrNull(String key) throws ConfigFormatException {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) throw wrong(key, "an object", n);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) out.put(e.getKey(), plain(e.getValue()));
        return out;
    }

    private static Object plain(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isIntegralNumber()) return v.longValue();
        if (v.isNumber()) return v.doubleValue();
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) return v.asText();
        return v.toString();
    }

    /** Sizes that must be positive (a model with 0 heads or layers of width 0 cannot be built). */
    int positive(String key, int value) throws ConfigFormatException {
        if (value <= 0) throw new ConfigFormatException(source, "expected '" + key + "' to be positive, found " + value);
        return value;
    }

    ConfigFormatException problem(String message) { return new ConfigFormatException(source, message); }

    ConfigFormatException wrong(String key, String expected, JsonNode found) {
        String shown = found == null ? "nothing" : found.toString();
        if (shown.length() > 80) shown = shown.substring(0, 77) + "...";
        return new ConfigFormatException(source, "expected '" + key + "' to be " + expected + ", found " + shown);
    }
}
