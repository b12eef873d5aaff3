package org.peft4j.federated.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, strict access to a message's JSON header: each getter names the message and field on failure, and
 * {@link #finish()} rejects fields nobody asked for (a misspelt field is an error, not silently ignored).
 */
final class HeaderFields {
    static final int MAX_TEXT = 4096;
    static final int MAX_ENTRIES = 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private final ObjectNode node;
    private final MessageType type;
    private final String peer;
    private final Set<String> used = new HashSet<>();

    HeaderFields(JsonNode node, MessageType type, String peer) throws MalformedPayloadException {
        if (!node.isObject()) throw new MalformedPayloadException(peer, type + " header must be a JSON object, found " + node.getNodeType());
        this.node = (ObjectNode) node;
        this.type = type;
        this.peer = peer;
    }

    private JsonNode required(String field) throws MalformedPayloadException {
        used.add(field);
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw bad(field, "is missing");
        return v;
    }

    MalformedPayloadException bad(String field, String what) {
        return new MalformedPayloadException(peer, type + " field '" + field + "' " + what);
    }

    String text(String field) throws MalformedPayloadException {
        JsonNode v = required(field);
        if (!v.isTextual()) throw bad(field, "must be a string, found " + v.getNodeType());
        if (v.textValue().length() > MAX_TEXT) throw bad(field, "is longer than " + MAX_TEXT + " characters");
        return v.textValue();
    }

    String id(String field) throws MalformedPayloadException {
        String s = text(field);
        if (!ID.matcher(s).matches()) throw bad(field, "must be 1-128 characters of [A-Za-z0-9._:@-], found '" + s + "'");
        return s;
    }

    long longValue(String field, long min) throws MalformedPayloadException {
        JsonNode v = required(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw bad(field, "must be an integer, found " + v);
        if (v.longValue() < min) throw bad(field, "must be >= " + min + ", found " + v.longValue());
        return v.longValue();
    }

    int intValue(String field, int min) throws MalformedPayloadException {
        long v = longValue(field, min);
        if (v > Integer.MAX_VALUE) throw bad(field, "must fit in 32 bits, found " + v);
        return (int) v;
    }

    byte[] bytes(String field, int exactLength) throws MalformedPayloadException {
        String s = text(field);
        byte[] b;
        try {
            b = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw bad(field, "is not base64: " + e.getMessage());
        }
        if (b.length != exactLength) throw bad(field, "must decode to " + exactLength + " bytes, found " + b.length);
        return b;
    }

    /** A flat object of numbers, absent meaning empty. */
    Map<String, Double> numbers(String field) throws MalformedPayloadException {
        used.add(field);
        JsonNode v = node.get(field);
        Map<String, Double> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) return out;
        if (!v.isObject()) throw bad(field, "must be an object of numbers");
        if (v.size() > MAX_ENTRIES) throw bad(field, "has " + v.size() + " entries, limit " + MAX_ENTRIES);
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isNumber()) throw bad(field, "entry '" + e.getKey() + "' must be a number, found " + e.getValue().getNodeType());
            out.put(e.getKey(), e.getValue().doubleValue());
        }
        return out;
    }

    /** A flat object of scalars (String, Long, Double, Boolean), absent meaning empty. */
    Map<String, Object> scalars(String field) throws MalformedPayloadException {
        used.add(field);
        JsonNode v = node.get(field);
        Map<String, Object> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) return out;
        if (!v.isObject()) throw bad(field, "must be an object of scalars");
        if (v.size() > MAX_ENTRIES) throw bad(field, "has " + v.size() + " entries, limit " + MAX_ENTRIES);
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode s = e.getValue();
            Object value;
            if (s.isTextual() && s.textValue().length() <= MAX_TEXT) value = s.textValue();
            else if (s.isIntegralNumber() && s.canConvertToLong()) value = s.longValue();
            else if (s.isNumber()) value = s.doubleValue();
            else if (s.isBoolean()) value = s.booleanValue();
            else throw bad(field, "entry '" + e.getKey() + "' must be a string (<= " + MAX_TEXT + " chars), number or boolean, found " + s.getNodeType());
            out.put(e.getKey(), value);
        }
        return out;
    }

    /** An object of name → int array (shapes), absent meaning empty. */
    Map<String, int[]> shapes(String field) throws MalformedPayloadException {
        used.add(field);
        JsonNode v = node.get(field);
        Map<String, int[]> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) return out;
        if (!v.isObject()) throw bad(field, "must be an object of shapes");
        if (v.size() > MAX_ENTRIES) throw bad(field, "has " + v.size() + " entries, limit " + MAX_ENTRIES);
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode a = e.getValue();
            if (!a.isArray() || a.size() > 8) throw bad(field, "entry '" + e.getKey() + "' must be an array of at most 8 dims");
            int[] shape = new int[a.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = a.get(i);
                if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0)
                    throw bad(field, "entry '" + e.getKey() + "' dim " + i + " must be a non-negative int, found " + d);
                shape[i] = d.intValue();
            }
            out.put(e.getKey(), shape);
        }
        return out;
    }

    void finish() throws MalformedPayloadException {
        for (Map.Entry<String, JsonNode> e : node.properties())
            if (!used.contains(e.getKey())) throw bad(e.getKey(), "is not part of " + type + " (protocol version " + Frame.VERSION + ")");
    }
}
