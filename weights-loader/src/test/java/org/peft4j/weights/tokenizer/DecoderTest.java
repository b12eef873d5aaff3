package org.peft4j.weights.tokenizer;

import org.junit.jupiter.api.Test;
import org.peft4j.weights.tokenizer.decoder.Decoders;
import org.peft4j.weights.tokenizer.text.Patterns;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Decoders not exercised by the golden tokenizers. */
class DecoderTest {
    @Test
    void bpeSuffixBecomesSpaceExceptAtTheEnd() {
        assertEquals("hello world", new Decoders.BpeDecoder("</w>").decode(List.of("hel", "lo</w>", "wor", "ld</w>")));
    }

    @Test
    void ctcCollapsesRepeatsAndDropsPadding() {
        assertEquals("hello w", new Decoders.Ctc("<pad>", "|", true)
                .decode(List.of("<pad>", "h", "h", "e", "l", "l", "<pad>", "l", "o", "|", "w")));
    }

    @Test
    void stripAndReplace() {
        assertEquals(List.of("ab", "_c"), new Decoders.Strip('_', 1, 1).decodeChain(List.of("_ab_", "__c")));
        assertEquals(List.of("a b"), new Decoders.Replace(Patterns.literal("▁"), " ").decodeChain(List.of("a▁b")));
    }

    @Test
    void metaspaceDropsTheLeadingReplacementOfTheFirstTokenOnly() {
        assertEquals("Hey friend", new Decoders.Metaspace('▁', true).decode(List.of("▁Hey", "▁friend")));
        assertEquals(" Hey friend", new Decoders.Metaspace('▁', false).decode(List.of("▁Hey", "▁friend")));
    }

    @Test
    void byteFallbackKeepsValidRunsAndReplacesEachByteOfInvalidOnes() {
        assertEquals("a€b", new Decoders.ByteFallback().decode(List.of("a", "<0xE2>", "<0x82>", "<0xAC>", "b")));
        assertEquals("\uFFFD\uFFFDb", new Decoders.ByteFallback().decode(List.of("<0xE2>", "<0x82>", "b")));
    }

    @Test
    void byteLevelDecodesBytesLossily() {
        // 'Ġ' is the space byte; "ðŁ" is the first half of a 4-byte emoji: one replacement character
        assertEquals(" hi\uFFFD", new Decoders.ByteLevel().decode(List.of("Ġhi", "ðŁ")));
    }

    @Test
    void wordPieceJoinsContinuationsAndCleansUp() {
        // cleanup works token by token (" ." loses its space, " '" alone does not match " ' ")
        assertEquals("don ' t stop.", new Decoders.WordPiece("##", true).decode(List.of("don", "'", "t", "stop", ".")));
        assertEquals("I don't", new Decoders.WordPiece("##", true).decode(List.of("I", "do", "n't")));
        assertEquals("un aff able", new Decoders.WordPiece("##", false).decode(List.of("un", "aff", "able")));
        assertEquals("unaffable", new Decoders.WordPiece("##", false).decode(List.of("un", "##aff", "##able")));
    }
}
