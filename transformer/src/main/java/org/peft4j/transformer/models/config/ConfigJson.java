package org.peft4j.transformer.models.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.peft4j.transformer.models.ModelLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a Hugging Face config.json, with errors that name the file, the field, what was expected and what
 * was found. INTERIM: the weights helper's org.peft4j.weights.config records replace this once they land; until
 * then the transformer module reads the few fields it needs itself.
 */
public final class ConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final JsonNode root;

    private ConfigJson(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    /** Reads {@code dir/config.json} (or a config file given directly). */
    public static ConfigJson read(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("config.json") : dirOrFile;
        if (!Files.isRegularFile(file)) throw new ModelLoadException(file + ": no config.json (expected a Hugging Face model folder)");
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static ConfigJson parse(String source, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new ModelLoadException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new ModelLoadException(source + ": expected a JSON object, found " + (root == null ? "nothing" : root.getNodeType()));
        return new ConfigJson(source, root);
    }

    public String source() { return source; }

    public boolean has(String field) { return root.hasNonNull(field); }

    public JsonNode node(String field) { return root.get(field); }

    public int requireInt(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) throw error(field, "an integer", "no such field");
        if (!n.canConvertToInt() || !n.isIntegralNumber()) throw error(field, "an integer", n.toString());
        return n.intValue();
    }

    /** A positive integer field. */
    public int requirePositive(String field) {
        int v = requireInt(field);
        if (v <= 0) throw error(field, "a positive integer", Integer.toString(v));
        return v;
    }

    public int optInt(String field, int dflt) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return dflt;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw error(field, "an integer", n.toString());
        return n.intValue();
    }

    public double optDouble(String field, double dflt) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return dflt;
        if (!n.isNumber()) throw error(field, "a number", n.toString());
        return n.doubleValue();
    }

    public boolean optBoolean(String field, boolean dflt) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return dflt;
        if (!n.isBoolean()) throw error(field, "true or false", n.toString());
        return n.booleanValue();
    }

    public String optString(String field, String dflt) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return dflt;
        if (!n.isTextual()) throw error(field, "a string", n.toString());
        return n.textValue();
    }

    /** An integer or a list of integers (eos_token_id may be either); empty when absent. */
    public List<Integer> intList(String field) {
        JsonNode n = root.get(field);
        List<Integer> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (n.isIntegralNumber()) { out.add(n.intValue()); return out; }
        if (!n.isArray()) throw error(field, "an integer or a list of integers", n.toString());
        for (JsonNode e : n) {
            if (!e.isIntegralNumber()) throw error(field, "a list of integers", n.toString());
            out.add(e.intValue());
        }
        return out;
    }

    /** The first entry of "architectures", or null. */
    public String architecture() {
        JsonNode n = root.get("architectures");
        if (n == null || n.isNull() || !n.isArray() || n.isEmpty()) return null;
        return n.get(0).asText();
    }

    public String modelType() {
        String t = optString("model_type", null);
        if (t == null) throw error("model_type", "one of bert, roberta, gpt2, llama", "no such field");
        return t;
    }

    /** Number of labels the way transformers derives it: id2label's size, else num_labels, else 2. */
    public int numLabels() {
        JsonNode id2label = root.get("id2label");
        if (id2label != null && id2label.isObject() && !id2label.isEmpty()) return id2label.size();
        return optInt("num_labels", 2);
    }

    public ModelLoadException error(String field, String expected, String found) {
        return new ModelLoadException(source + ": field '" + field + "': expected " + expected + ", found " + found);
    }

    /** Checks that {@code field} (value a) is divisible by {@code byField} (value b). */
    public void requireDivisible(String field, int a, String byField, int b) {
        if (b <= 0 || a % b != 0)
            throw new ModelLoadException(source + ": field '" + field + "' = " + a + " must be divisible by '" + byField + "' = " + b);
    }
}
