package org.peft4j.weights.tokenizer;

import org.junit.jupiter.api.Test;
import org.peft4j.weights.tokenizer.normalizer.BertNormalizer;
import org.peft4j.weights.tokenizer.normalizer.Normalizer;
import org.peft4j.weights.tokenizer.normalizer.SimpleNormalizers;
import org.peft4j.weights.tokenizer.text.NormalizedString;
import org.peft4j.weights.tokenizer.text.Patterns;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Normalizers: the text they produce and where each normalized character comes from in the original. */
class NormalizerTest {
    /** The normalized text, then each UTF-16 unit's original [start, end). */
    private static List<String> run(Normalizer n, String text) {
        NormalizedString s = NormalizedString.of(text);
        n.normalize(s);
        List<String> out = new ArrayList<>();
        out.add(s.get());
        for (int i = 0; i < s.length(); i++) out.add(s.alignStart(i) + ":" + s.alignEnd(i));
        return out;
    }

    @Test
    void nfdSplitsAccentsAndAlignsBothPartsWithTheSourceCharacter() {
        assertEquals(List.of("e\u0301a", "0:1", "0:1", "1:2"), run(new SimpleNormalizers.Unicode(java.text.Normalizer.Form.NFD), "éa"));
    }

    @Test
    void nfcComposesOntoTheFirstCharacter() {
        assertEquals(List.of("éa", "0:1", "2:3"), run(new SimpleNormalizers.Unicode(java.text.Normalizer.Form.NFC), "e\u0301a"));
    }

    @Test
    void nfkcExpandsLigatures() {
        assertEquals(List.of("fin", "0:1", "0:1", "1:2"), run(new SimpleNormalizers.Unicode(java.text.Normalizer.Form.NFKC), "ﬁn"));
    }

    @Test
    void lowercaseUsesPerCharacterFullMapping() {
        // Rust's char::to_lowercase: no final sigma, U+0130 -> "i" + U+0307
        assertEquals(List.of("σσ", "0:1", "1:2"), run(new SimpleNormalizers.Lowercase(), "ΣΣ"));
        assertEquals(List.of("i\u0307x", "0:1", "0:1", "1:2"), run(new SimpleNormalizers.Lowercase(), "İx"));
    }

    @Test
    void stripAccentsDropsMarks() {
        assertEquals(List.of("ea", "0:1", "2:3"), run(new SimpleNormalizers.StripAccents(), "e\u0301a"));
    }

    @Test
    void prependAndReplaceAsInLlama() {
        Normalizer llama = new SimpleNormalizers.Sequence(List.of(new SimpleNormalizers.Prepend("▁"),
                new SimpleNormalizers.Replace(Patterns.literal(" "), "▁")));
        assertEquals(List.of("▁a▁b", "0:1", "0:1", "1:2", "2:3"), run(llama, "a b"));
    }

    @Test
    void stripRemovesOuterWhitespace() {
        assertEquals(List.of("a b", "2:3", "3:4", "4:5"), run(new SimpleNormalizers.Strip(true, true), "  a b \n"));
        assertEquals(List.of("a b \n", "2:3", "3:4", "4:5", "5:6", "6:7"), run(new SimpleNormalizers.Strip(true, false), "  a b \n"));
    }

    @Test
    void replaceWithRegex() {
        assertEquals(List.of("a b", "0:1", "3:4", "4:5"), run(new SimpleNormalizers.Replace(Patterns.regex("\\s+"), " "), "a   b"));
    }

    @Test
    void bertNormalizerCleansSurroundsCjkStripsAccentsAndLowercases() {
        Normalizer bert = new BertNormalizer(true, true, null, true);
        // BEL removed, tab -> space, 中 surrounded by spaces, É -> e
        assertEquals(List.of("a  中 é".replace("é", "e"), "0:1", "2:3", "3:4", "3:4", "3:4", "4:5"),
                run(bert, "a\u0007\t中É"));
    }

    @Test
    void bertNormalizerKeepsAccentsWhenAskedTo() {
        assertEquals(List.of("é", "0:1"), run(new BertNormalizer(true, true, false, true), "É"));
    }

    @Test
    void nmtMapsControlWhitespace() {
        assertEquals(List.of("a b", "0:1", "2:3", "3:4"), run(new SimpleNormalizers.Nmt(), "a\u0001\u200Bb"));
    }
}
