package org.peft4j.weights.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every case of fixtures/golden/tokenizers/&lt;name&gt;/cases.jsonl against its {@code fast} block (the Rust
 * tokenizers library running the same tokenizer.json): ids, tokens, type ids, masks, offsets (UTF-16 and
 * code points), sequence ids, the encoding without special tokens, and the four decodings.
 */
class GoldenTokenizerTest {
    /** transformers' clean_up_tokenization_spaces per tokenizer (fixtures manifest). */
    private static boolean cleanUp(String name) {
        return !name.equals("llama2");
    }

    static Stream<Arguments> bert() {
        return args("bert-minilm");
    }

    static Stream<Arguments> gpt2() {
        return args("gpt2");
    }

    static Stream<Arguments> roberta() {
        return args("roberta");
    }

    static Stream<Arguments> llama2() {
        return args("llama2");
    }

    private static Stream<Arguments> args(String name) {
        return GoldenCases.cases(name).stream().map(c -> Arguments.of(Named.of(c.get("id").asText(), c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bert")
    void bertMiniLm(JsonNode c) {
        check("bert-minilm", "tokenizer.json", "[PAD]", c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gpt2")
    void gpt2(JsonNode c) {
        check("gpt2", "tokenizer.json", null, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roberta")
    void roberta(JsonNode c) {
        check("roberta", "tokenizer.json", "<pad>", c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("llama2")
    void llama2(JsonNode c) {
        check("llama2", "tokenizer.json", null, c);
    }

    /** The same Llama-2 cases through the file re-saved by tokenizers 0.23 (merges as pairs, compact JSON). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("llama2")
    void llama2PairMergesLayout(JsonNode c) {
        check("llama2", "tokenizer.tokenizers-0.23.json", null, c);
    }

    /** The GPT-2 cases through the same file without the fields newer releases added. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gpt2")
    void gpt2OldFileLayout(JsonNode c) {
        check("gpt2", GoldenCases.gpt2OldLayout(), null, c);
    }

    private static void check(String name, String file, String padToken, JsonNode c) {
        check(name, GoldenCases.tokenizer(name, file), padToken, c);
    }

    private static void check(String name, Tokenizer base, String padToken, JsonNode c) {
        String id = name + "/" + c.get("id").asText();
        String text = c.get("text").asText();
        String pair = c.get("text_pair").isNull() ? null : c.get("text_pair").asText();
        Tokenizer tok = base.withTruncation(truncation(c.get("truncation"))).withPadding(padding(c.get("padding"), base, padToken));
        JsonNode fast = c.get("fast");
        List<String> diffs = new ArrayList<>();

        Encoding e = tok.encode(text, pair, true);
        compare(diffs, "input_ids", ints(fast.get("input_ids")), box(e.ids()));
        compare(diffs, "tokens", strings(fast.get("tokens")), List.of(e.tokens()));
        compare(diffs, "token_type_ids", ints(fast.get("token_type_ids")), box(e.typeIds()));
        compare(diffs, "attention_mask", ints(fast.get("attention_mask")), box(e.attentionMask()));
        compare(diffs, "special_tokens_mask", ints(fast.get("special_tokens_mask")), box(e.specialTokensMask()));
        compare(diffs, "sequence_ids", sequenceIds(fast.get("sequence_ids")), box(e.sequenceIds()));
        compare(diffs, "offsets_utf16", pairs(fast.get("offsets_utf16")), offsets(e.offsets()));
        compare(diffs, "offsets", pairs(fast.get("offsets")), offsets(e.codePointOffsets(text, pair)));

        Encoding plain = tok.encode(text, pair, false);
        compare(diffs, "input_ids_no_special", ints(fast.get("input_ids_no_special")), box(plain.ids()));
        compare(diffs, "tokens_no_special", strings(fast.get("tokens_no_special")), List.of(plain.tokens()));

        int[] ids = ints(fast.get("input_ids")).stream().mapToInt(Integer::intValue).toArray();
        compare(diffs, "decode_no_cleanup", List.of(fast.get("decode_no_cleanup").asText()), List.of(tok.decode(ids, true)));
        compare(diffs, "decode_keep_special_no_cleanup", List.of(fast.get("decode_keep_special_no_cleanup").asText()),
                List.of(tok.decode(ids, false)));
        compare(diffs, "decode", List.of(fast.get("decode").asText()), List.of(tok.decode(ids, true, cleanUp(name))));
        compare(diffs, "decode_keep_special", List.of(fast.get("decode_keep_special").asText()),
                List.of(tok.decode(ids, false, cleanUp(name))));

        JsonNode fileSettings = c.get("fast_file_settings");
        if (fileSettings != null && !fileSettings.isNull()) {
            Encoding f = base.encode(text, pair, true);
            compare(diffs, "fast_file_settings.input_ids", ints(fileSettings.get("input_ids")), box(f.ids()));
            compare(diffs, "fast_file_settings.tokens", strings(fileSettings.get("tokens")), List.of(f.tokens()));
            compare(diffs, "fast_file_settings.token_type_ids", ints(fileSettings.get("token_type_ids")), box(f.typeIds()));
            if (fileSettings.has("attention_mask")) {
                compare(diffs, "fast_file_settings.attention_mask", ints(fileSettings.get("attention_mask")),
                        box(f.attentionMask()));
            }
        }
        if (!diffs.isEmpty()) {
            fail("case " + id + " (" + c.get("category").asText() + ", text " + quote(text)
                    + (pair == null ? "" : ", pair " + quote(pair)) + "):\n  " + String.join("\n  ", diffs));
        }
    }

    /**
     * RoBERTa with add_prefix_space on (as roberta-base is often used): "Hello world" becomes "ĠHello"
     * (18435, GPT-2's id for " Hello") and "Ġworld" (995); the added space belongs to the first word, whose
     * offsets stay (0, 5) because trimming spares a space the tokenizer added itself.
     */
    @org.junit.jupiter.api.Test
    void robertaWithPrefixSpace() throws Exception {
        String json = java.nio.file.Files.readString(GoldenCases.dir("roberta").resolve("tokenizer.json"))
                .replace("\"add_prefix_space\": false", "\"add_prefix_space\": true");
        Encoding e = Tokenizer.fromJson(json).encode("Hello world");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new String[]{"<s>", "ĠHello", "Ġworld", "</s>"}, e.tokens());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{50257, 18435, 995, 50258}, e.ids());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[][]{{0, 0}, {0, 5}, {6, 11}, {0, 0}}, e.offsets());
    }

    /** The tokenizer is shared by threads: encoding the same texts concurrently gives the same results. */
    @org.junit.jupiter.api.Test
    void concurrentEncodingMatchesSequential() throws Exception {
        for (String name : List.of("gpt2", "bert-minilm", "llama2")) {
            Tokenizer tok = GoldenCases.tokenizer(name, "tokenizer.json").withTruncation(null).withPadding(null);
            List<String> texts = new ArrayList<>();
            for (JsonNode c : GoldenCases.cases(name)) texts.add(c.get("text").asText());
            List<String> expected = new ArrayList<>();
            for (String t : texts) expected.add(java.util.Arrays.toString(tok.encode(t).ids()));
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                List<java.util.concurrent.Future<List<String>>> futures = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    futures.add(pool.submit(() -> {
                        List<String> got = new ArrayList<>();
                        for (int r = 0; r < 5; r++) {
                            got.clear();
                            for (String t : texts) got.add(java.util.Arrays.toString(tok.encode(t).ids()));
                        }
                        return got;
                    }));
                }
                for (var f : futures) org.junit.jupiter.api.Assertions.assertEquals(expected, f.get(), name);
            }
        }
    }

    private static TruncationParams truncation(JsonNode t) {
        if (t == null || t.isNull()) return null;
        if (!t.get("strategy").asText().equals("longest_first")) throw new IllegalArgumentException("strategy " + t);
        return TruncationParams.longestFirst(t.get("max_length").asInt());
    }

    private static PaddingParams padding(JsonNode p, Tokenizer tok, String padToken) {
        if (p == null || p.isNull()) return null;
        if (!p.get("strategy").asText().equals("max_length")) throw new IllegalArgumentException("strategy " + p);
        PaddingParams.Direction side = p.get("side").asText().equals("left") ? PaddingParams.Direction.LEFT
                : PaddingParams.Direction.RIGHT;
        Objects.requireNonNull(padToken, "this tokenizer has no pad token");
        return PaddingParams.fixed(p.get("max_length").asInt(), tok.tokenToId(padToken), padToken).withDirection(side);
    }

    private static List<Object> offsets(int[][] offsets) {
        List<Object> out = new ArrayList<>();
        for (int[] o : offsets) out.add(List.of(o[0], o[1]));
        return out;
    }

    private static void compare(List<String> diffs, String field, List<?> expected, List<?> actual) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!Objects.equals(expected.get(i), actual.get(i))) {
                diffs.add(field + ": first difference at position " + i + ": expected " + show(expected.get(i))
                        + " but was " + show(actual.get(i)) + "\n      expected " + show(expected) + "\n      actual   " + show(actual));
                return;
            }
        }
        if (expected.size() != actual.size()) {
            diffs.add(field + ": first difference at position " + n + ": expected length " + expected.size()
                    + " but was " + actual.size() + "\n      expected " + show(expected) + "\n      actual   " + show(actual));
        }
    }

    private static String show(Object o) {
        if (o instanceof String s) return quote(s);
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(show(x));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(o);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x200B || cp == 0xFEFF) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append('"').toString();
    }

    private static List<Integer> ints(JsonNode a) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode x : a) out.add(x.asInt());
        return out;
    }

    private static List<Integer> sequenceIds(JsonNode a) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode x : a) out.add(x.isNull() ? -1 : x.asInt());
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : a) out.add(x.asText());
        return out;
    }

    private static List<Object> pairs(JsonNode a) {
        List<Object> out = new ArrayList<>();
        for (JsonNode x : a) out.add(List.of(x.get(0).asInt(), x.get(1).asInt()));
        return out;
    }

    private static List<Integer> box(int[] a) {
        List<Integer> out = new ArrayList<>(a.length);
        for (int x : a) out.add(x);
        return out;
    }
}
