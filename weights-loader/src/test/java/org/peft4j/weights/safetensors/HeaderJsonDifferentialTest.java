package org.peft4j.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The header reader's JSON syntax checking against an independent strict JSON parser (Jackson): random JSON values,
 * half of them corrupted, are placed in an ignored field of an otherwise valid header. Whenever one parser calls the
 * text malformed JSON, the other must reject it too.
 */
class HeaderJsonDifferentialTest {
    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String EDITS = "{}[]\",:0123456789-+.eE \\ntfu\u00e9";

    @Test
    void syntaxVerdictsAgreeWithAnIndependentParser() {
        Random rng = new Random(5);
        int syntaxErrors = 0, accepted = 0;
        for (int i = 0; i < 4000; i++) {
            String value = value(rng, 0);
            if (rng.nextBoolean()) value = corrupt(rng, value);
            String header = "{\"w\":{\"extra\":" + value + ",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
            byte[] file = MalformedSafetensorsTest.build(header, 4);
            boolean jacksonOk;
            try {
                JACKSON.readTree(header);
                jacksonOk = true;
            } catch (Exception e) {
                jacksonOk = false;
            }
            String ours = null;
            try {
                SafetensorsFile.fromBytes(file).close();
            } catch (SafetensorsFormatException e) {
                ours = e.problem();
            }
            boolean oursSyntax = ours != null && ours.startsWith("header is not valid UTF-8 JSON");
            if (oursSyntax) syntaxErrors++;
            if (ours == null) accepted++;
            String what = "case " + i + ": " + header + " -> ours: " + ours + ", jackson ok: " + jacksonOk;
            assertTrue(!oursSyntax || !jacksonOk, "we call valid JSON malformed: " + what);
            assertTrue(jacksonOk || ours != null, "we accept malformed JSON: " + what);
        }
        assertTrue(syntaxErrors > 500 && accepted > 1000, "both outcomes exercised: " + syntaxErrors + " syntax errors, " + accepted + " accepted");
    }

    static String value(Random rng, int depth) {
        int kind = rng.nextInt(depth > 4 ? 4 : 7);
        return switch (kind) {
            case 0 -> number(rng);
            case 1 -> string(rng);
            case 2 -> new String[]{"true", "false", "null"}[rng.nextInt(3)];
            case 3 -> string(rng);
            case 4, 5 -> {
                StringBuilder sb = new StringBuilder("{");
                int n = rng.nextInt(4);
                for (int k = 0; k < n; k++) sb.append(k > 0 ? "," : "").append(space(rng)).append(string(rng)).append(space(rng)).append(':').append(value(rng, depth + 1));
                yield sb.append(space(rng)).append('}').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("[");
                int n = rng.nextInt(4);
                for (int k = 0; k < n; k++) sb.append(k > 0 ? "," : "").append(space(rng)).append(value(rng, depth + 1));
                yield sb.append(']').toString();
            }
        };
    }

    static String number(Random rng) {
        StringBuilder sb = new StringBuilder();
        if (rng.nextInt(3) == 0) sb.append('-');
        sb.append(rng.nextInt(4) == 0 ? "0" : String.valueOf(1 + rng.nextInt(100000)));
        if (rng.nextInt(3) == 0) sb.append('.').append(rng.nextInt(1000));
        if (rng.nextInt(4) == 0) sb.append(rng.nextBoolean() ? 'e' : 'E').append(new String[]{"", "+", "-"}[rng.nextInt(3)]).append(rng.nextInt(40));
        return sb.toString();
    }

    static String string(Random rng) {
        StringBuilder sb = new StringBuilder("\"");
        int n = rng.nextInt(6);
        for (int k = 0; k < n; k++) {
            switch (rng.nextInt(6)) {
                case 0 -> sb.append(new String[]{"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"}[rng.nextInt(8)]);
                case 1 -> sb.append(String.format("\\u%04x", rng.nextInt(0xd000)));
                case 2 -> sb.append(new String[]{"é", "€", "😀", "ß"}[rng.nextInt(4)]);
                default -> sb.append((char) ('a' + rng.nextInt(26)));
            }
        }
        return sb.append('"').toString();
    }

    static String space(Random rng) {
        return rng.nextInt(4) == 0 ? new String[]{" ", "\t", "\n", "\r\n  "}[rng.nextInt(4)] : "";
    }

    static String corrupt(Random rng, String s) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + rng.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int at = rng.nextInt(sb.length() + 1);
            char c = EDITS.charAt(rng.nextInt(EDITS.length()));
            switch (rng.nextInt(3)) {
                case 0 -> sb.insert(at, c);
                case 1 -> { if (at < sb.length()) sb.deleteCharAt(at); }
                default -> { if (at < sb.length()) sb.setCharAt(at, c); }
            }
        }
        return sb.toString();
    }
}
