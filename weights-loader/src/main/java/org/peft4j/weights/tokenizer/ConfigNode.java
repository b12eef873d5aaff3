package org.peft4j.weights.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A node of a parsed tokenizer.json that knows its JSON path, so that every complaint about the file says
 * where the problem is. Getters with a default accept a missing or null field (older files lack fields
 * added later); the others throw {@link TokenizerFormatException}.
 */
public final class ConfigNode {
    private final JsonNode node;
    private final String path;

    private ConfigNode(JsonNode node, String path) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
    }

    public static ConfigNode root(JsonNode node) {
        return new ConfigNode(node, "$");
    }

    public String path() {
        return path;
    }

    /** Missing or JSON null. */
    public boolean isNull() {
        return node.isMissingNode() || node.isNull();
    }

    public boolean isObject() {
        return node.isObject();
    }

    public boolean isArray() {
        return node.isArray();
    }

    public boolean isText() {
        return node.isTextual();
    }

    /** True when the field is present and not null. */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public ConfigNode get(String field) {
        return new ConfigNode(node.get(field), path + "." + field);
    }

    /** This node as a string. */
    public String asText() {
        if (!node.isTextual()) throw error("expected a string, found " + describe(node));
        return node.textValue();
    }

    /** This node as an int. */
    public int asInt() {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw error("expected an integer, found " + describe(node));
        }
        return node.intValue();
    }

    public String text(String field) {
        ConfigNode c = get(field);
        if (c.isNull()) throw c.error("required string field is missing");
        return c.asText();
    }

    public String text(String field, String def) {
        ConfigNode c = get(field);
        return c.isNull() ? def : c.asText();
    }

    public int integer(String field) {
        ConfigNode c = get(field);
        if (c.isNull()) throw c.error("required integer field is missing");
        return c.asInt();
    }

    public int integer(String field, int def) {
        ConfigNode c = get(field);
        return c.isNull() ? def : c.asInt();
    }

    public boolean bool(String field, boolean def) {
        ConfigNode c = get(field);
        if (c.isNull()) return def;
        if (!c.node.isBoolean()) throw c.error("expected true or false, found " + describe(c.node));
        return c.node.booleanValue();
    }

    /** A nullable boolean (absent or null gives null). */
    public Boolean optionalBool(String field) {
        ConfigNode c = get(field);
        return c.isNull() ? null : bool(field, false);
    }

    /** The elements of this array node. */
    public List<ConfigNode> elements() {
        if (!node.isArray()) throw error("expected an array, found " + describe(node));
        List<ConfigNode> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(new ConfigNode(node.get(i), path + "[" + i + "]"));
        return out;
    }

    /** The required array field {@code field}. */
    public List<ConfigNode> array(String field) {
        ConfigNode c = get(field);
        if (c.isNull()) throw c.error("required array field is missing");
        return c.elements();
    }

    /** Field names of this object node, in file order. */
    public List<String> fieldNames() {
        if (!node.isObject()) throw error("expected an object, found " + describe(node));
        List<String> out = new ArrayList<>(node.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) out.add(it.next().getKey());
        return out;
    }

    /** The component type named by this object's {@code "type"} field. */
    public String type() {
        if (!node.isObject()) throw error("expected a component object with a \"type\" field, found " + describe(node));
        return text("type");
    }

    /** The underlying Jackson node, for bulk reads (vocabularies). */
    public JsonNode json() {
        return node;
    }

    public TokenizerFormatException error(String message) {
        return new TokenizerFormatException(path, message);
    }

    /** An error for a component type this implementation does not know. */
    public TokenizerFormatException unknownType(String kind, String type, String known) {
        return get("type").error("unknown " + kind + " type \"" + type + "\" (supported: " + known + ")");
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) return "nothing";
        if (n.isNull()) return "null";
        if (n.isTextual()) return "the string \"" + abbreviate(n.textValue()) + "\"";
        if (n.isNumber()) return "the number " + n.asText();
        if (n.isBoolean()) return n.asText();
        if (n.isArray()) return "an array of " + n.size();
        if (n.isObject()) return "an object";
        return n.getNodeType().toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
