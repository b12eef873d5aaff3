package org.peft4j.weights.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Truncation, padding, added tokens and templates on a tiny WordLevel tokenizer, against the behaviour of
 * the Rust library's {@code truncate_encodings}, {@code Encoding::truncate} and {@code Encoding::pad}.
 */
class PipelineTest {
    private final Tokenizer tok = Tokenizer.fromJson(SmallTokenizers.WORD_LEVEL);

    private static TruncationParams trunc(int max, TruncationParams.Strategy s, int stride, TruncationParams.Direction d) {
        return new TruncationParams(max, s, stride, d);
    }

    @Test
    void stringTemplatesGiveTypeIdsAndSequenceIds() {
        Encoding e = tok.encode("A b", "C");
        assertArrayEquals(new String[]{"[CLS]", "a", "b", "[SEP]", "c", "[SEP]"}, e.tokens());
        assertArrayEquals(new int[]{2, 4, 5, 3, 6, 3}, e.ids());
        assertArrayEquals(new int[]{0, 0, 0, 0, 1, 1}, e.typeIds());
        assertArrayEquals(new int[]{-1, 0, 0, -1, 1, -1}, e.sequenceIds());
        assertArrayEquals(new int[]{1, 0, 0, 1, 0, 1}, e.specialTokensMask());
        assertArrayEquals(new int[]{-1, 0, 1, -1, 0, -1}, e.wordIds());
        assertEquals(5, tok.encode("a b z").ids().length);
        assertEquals(1, tok.encode("z").id(1), "unknown word");
    }

    @Test
    void longestFirstCutsTheLongerSequenceFirst() {
        // budget 6 - 3 special = 3 for lengths 5 and 2: n1 = 3/2 = 1, n2 = 1 + 1 = 2, then swapped back
        Tokenizer t = tok.withTruncation(trunc(6, TruncationParams.Strategy.LONGEST_FIRST, 0, TruncationParams.Direction.RIGHT));
        assertArrayEquals(new String[]{"[CLS]", "a", "b", "[SEP]", "f", "[SEP]"}, t.encode("a b c d e", "f g").tokens());
        // only the longer one needs cutting: 4 - 3 = ... budget 7-3 = 4: lengths 5 and 1 -> 3 and 1
        Tokenizer t7 = tok.withTruncation(trunc(7, TruncationParams.Strategy.LONGEST_FIRST, 0, TruncationParams.Direction.RIGHT));
        assertArrayEquals(new String[]{"[CLS]", "a", "b", "c", "[SEP]", "f", "[SEP]"}, t7.encode("a b c d e", "f").tokens());
    }

    @Test
    void onlyFirstAndOnlySecond() {
        Tokenizer first = tok.withTruncation(trunc(6, TruncationParams.Strategy.ONLY_FIRST, 0, TruncationParams.Direction.RIGHT));
        assertArrayEquals(new String[]{"[CLS]", "a", "[SEP]", "f", "g", "[SEP]"}, first.encode("a b c d e", "f g").tokens());
        Tokenizer second = tok.withTruncation(trunc(6, TruncationParams.Strategy.ONLY_SECOND, 0, TruncationParams.Direction.RIGHT));
        assertArrayEquals(new String[]{"[CLS]", "a", "b", "[SEP]", "c", "[SEP]"}, second.encode("a b", "c d e f").tokens());
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, () -> second.encode("a b c d e", "f g"));
        assertTrue(tooShort.getMessage().contains("too short"), tooShort.getMessage());
    }

    @Test
    void strideMakesOverlappingOverflowWindows() {
        Tokenizer t = tok.withTruncation(trunc(5, TruncationParams.Strategy.LONGEST_FIRST, 1, TruncationParams.Direction.RIGHT));
        Encoding e = t.encode("a b c d e");
        assertArrayEquals(new String[]{"[CLS]", "a", "b", "c", "[SEP]"}, e.tokens());
        assertEquals(1, e.overflowing().size());
        assertArrayEquals(new String[]{"[CLS]", "c", "d", "e", "[SEP]"}, e.overflowing().get(0).tokens());
    }

    @Test
    void leftTruncationKeepsTheEnd() {
        Tokenizer t = tok.withTruncation(trunc(5, TruncationParams.Strategy.LONGEST_FIRST, 0, TruncationParams.Direction.LEFT));
        Encoding e = t.encode("a b c d e");
        assertArrayEquals(new String[]{"[CLS]", "c", "d", "e", "[SEP]"}, e.tokens());
        assertArrayEquals(new String[]{"[CLS]", "a", "b", "[SEP]"}, e.overflowing().get(0).tokens());
    }

    @Test
    void maxLengthBelowTheSpecialTokensIsAnErrorAndEqualToThemKeepsOnlyThem() {
        Tokenizer t = tok.withTruncation(TruncationParams.longestFirst(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.encode("a"));
        assertTrue(e.getMessage().contains("special tokens"), e.getMessage());
        // exactly the special tokens: everything else overflows
        Encoding only = tok.withTruncation(TruncationParams.longestFirst(2)).encode("a b");
        assertArrayEquals(new String[]{"[CLS]", "[SEP]"}, only.tokens());
        assertArrayEquals(new String[]{"[CLS]", "a", "b", "[SEP]"}, only.overflowing().get(0).tokens());
    }

    @Test
    void batchPaddingToTheLongestLeftSideAndMultiples() {
        Tokenizer t = tok.withPadding(new PaddingParams(0, PaddingParams.Direction.LEFT, 0, 0, 0, "[PAD]"));
        List<Encoding> batch = t.encodeBatch(List.of("a", "a b c"));
        assertArrayEquals(new String[]{"[PAD]", "[PAD]", "[CLS]", "a", "[SEP]"}, batch.get(0).tokens());
        assertArrayEquals(new int[]{0, 0, 1, 1, 1}, batch.get(0).attentionMask());
        assertArrayEquals(new int[]{1, 1, 1, 0, 1}, batch.get(0).specialTokensMask());
        assertArrayEquals(new int[]{-1, -1, -1, 0, -1}, batch.get(0).sequenceIds());
        assertEquals(5, batch.get(1).length());
        Tokenizer multiple = tok.withPadding(new PaddingParams(0, PaddingParams.Direction.RIGHT, 4, 0, 0, "[PAD]"));
        assertEquals(8, multiple.encodeBatch(List.of("a", "a b c")).get(0).length());
        Tokenizer fixed = tok.withPadding(PaddingParams.fixed(4, 0, "[PAD]"));
        assertEquals(5, fixed.encode("a b c").length(), "longer encodings are not cut by padding");
    }

    @Test
    void singleWordAddedTokenOnlyMatchesWholeWords() {
        assertArrayEquals(new String[]{"[CLS]", "a", "<w>", "b", "[SEP]"}, tok.encode("a <w> b").tokens());
        assertArrayEquals(new String[]{"[CLS]", "[UNK]", "[SEP]"}, tok.encode("a<w>b").tokens());
    }

    @Test
    void strippingAddedTokenSwallowsSpacesAndKeepsThemInItsText() {
        Encoding e = tok.encode("a  <m> b");
        assertArrayEquals(new String[]{"[CLS]", "a", "  <m> ", "b", "[SEP]"}, e.tokens());
        assertArrayEquals(new int[]{1, 7}, e.offsets()[2]);
        assertEquals("a b", tok.decode(e.ids(), true));
        assertEquals("[CLS] a <m> b [SEP]", tok.decode(e.ids(), false));
    }

    @Test
    void vocabularyLookups() {
        assertEquals(11 + 2, tok.vocabSize(), "11 model tokens plus <w> and <m>");
        assertEquals(12, tok.tokenToId("<m>"));
        assertEquals("g", tok.idToToken(10));
        assertEquals(-1, tok.tokenToId("zz"));
    }
}
