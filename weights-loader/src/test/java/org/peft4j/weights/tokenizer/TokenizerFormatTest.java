package org.peft4j.weights.tokenizer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad tokenizer.json files fail with the JSON path of the problem and what was expected. */
class TokenizerFormatTest {
    private static TokenizerFormatException fails(String json) {
        return assertThrows(TokenizerFormatException.class, () -> Tokenizer.fromJson(json));
    }

    private static String withComponent(String key, String component) {
        return SmallTokenizers.WORD_LEVEL.replaceFirst("\"" + key + "\": [^\\n]*\\n", "\"" + key + "\": " + component + ",\n");
    }

    @Test
    void malformedJson() {
        TokenizerFormatException e = fails("{\"model\": ");
        assertEquals("$", e.path());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void unknownNormalizerInsideASequenceNamesItsPath() {
        TokenizerFormatException e = fails(withComponent("normalizer",
                "{\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"NFC\"}, {\"type\": \"Frobnicate\"}]}"));
        assertEquals("$.normalizer.normalizers[1].type", e.path());
        assertTrue(e.getMessage().contains("unknown normalizer type \"Frobnicate\""), e.getMessage());
        assertTrue(e.getMessage().contains("BertNormalizer"), "lists the supported types: " + e.getMessage());
    }

    @Test
    void unknownPreTokenizerDecoderAndPostProcessor() {
        assertEquals("$.pre_tokenizer.type", fails(withComponent("pre_tokenizer", "{\"type\": \"Nope\"}")).path());
        assertEquals("$.decoder.type", fails(withComponent("decoder", "{\"type\": \"Nope\"}")).path());
        assertEquals("$.post_processor.type", fails(SmallTokenizers.WORD_LEVEL.replace("\"TemplateProcessing\"", "\"Nope\"")).path());
    }

    @Test
    void wrongFieldType() {
        TokenizerFormatException e = fails(withComponent("pre_tokenizer", "{\"type\": \"ByteLevel\", \"add_prefix_space\": \"yes\"}"));
        assertEquals("$.pre_tokenizer.add_prefix_space", e.path());
        assertTrue(e.getMessage().contains("expected true or false, found the string \"yes\""), e.getMessage());
    }

    @Test
    void unsupportedModelAndMissingModel() {
        TokenizerFormatException e = fails(SmallTokenizers.WORD_LEVEL.replace("\"type\": \"WordLevel\"", "\"type\": \"Unigram\""));
        assertEquals("$.model.type", e.path());
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        assertEquals("$.model", fails("{\"version\": \"1.0\"}").path());
    }

    @Test
    void mergeOfUnknownTokens() {
        String bpe = """
                {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}
                """;
        TokenizerFormatException e = fails(bpe);
        assertEquals("$.model.merges", e.path());
        assertTrue(e.getMessage().contains("merged token \"ab\" is not in the vocabulary"), e.getMessage());
        TokenizerFormatException bad = fails("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a\"]}}");
        assertEquals("$.model.merges[0]", bad.path());
    }

    @Test
    void templateWithUndeclaredSpecialToken() {
        TokenizerFormatException e = fails(SmallTokenizers.WORD_LEVEL.replace("\"[CLS] $A [SEP]\"", "\"[BOS] $A\""));
        assertEquals("$.post_processor.single", e.path());
        assertTrue(e.getMessage().contains("[BOS]"), e.getMessage());
    }

    @Test
    void fileErrorsNameTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, "[]");
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, () -> Tokenizer.fromFile(dir));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertEquals("tokenizer.json at $: expected a JSON object (file " + f + ")", e.getMessage());
        assertThrows(IOException.class, () -> Tokenizer.fromFile(dir.resolve("missing")));
    }

    @Test
    void modelWithoutTypeIsInferred() {
        Tokenizer t = Tokenizer.fromJson("{\"model\": {\"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2}, \"merges\": [\"a b\"]}}");
        assertEquals(2, t.encode("ab").id(0));
    }
}
