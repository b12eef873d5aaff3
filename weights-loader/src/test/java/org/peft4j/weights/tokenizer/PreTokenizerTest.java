package org.peft4j.weights.tokenizer;

import org.junit.jupiter.api.Test;
import org.peft4j.weights.tokenizer.pretokenizer.MetaspacePreTokenizer;
import org.peft4j.weights.tokenizer.pretokenizer.PreTokenizer;
import org.peft4j.weights.tokenizer.pretokenizer.SplitPreTokenizers;
import org.peft4j.weights.tokenizer.text.NormalizedString;
import org.peft4j.weights.tokenizer.text.Patterns;
import org.peft4j.weights.tokenizer.text.PreTokenizedString;
import org.peft4j.weights.tokenizer.text.SplitBehavior;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pre-tokenizers on the examples of the Hugging Face tokenizers documentation (their pieces and original
 * offsets as the library documents them).
 */
class PreTokenizerTest {
    /** Pieces as "text@start:end" (normalized text, original offsets). */
    private static List<String> pieces(PreTokenizer p, String text) {
        PreTokenizedString pts = new PreTokenizedString(text);
        p.preTokenize(pts);
        List<String> out = new ArrayList<>();
        for (PreTokenizedString.Split s : pts.splits()) {
            NormalizedString n = s.normalized();
            out.add(n.get() + "@" + n.originalStart() + ":" + n.originalEnd());
        }
        return out;
    }

    @Test
    void splitBehaviours() {
        // pre_tokenizers.Split docs: pattern "-" on "the-final--countdown"
        String text = "the-final--countdown";
        var dash = Patterns.literal("-");
        assertEquals(List.of("the@0:3", "final@4:9", "countdown@11:20"),
                pieces(new SplitPreTokenizers.Split(dash, SplitBehavior.REMOVED, false), text));
        assertEquals(List.of("the@0:3", "-@3:4", "final@4:9", "-@9:10", "-@10:11", "countdown@11:20"),
                pieces(new SplitPreTokenizers.Split(dash, SplitBehavior.ISOLATED, false), text));
        assertEquals(List.of("the-@0:4", "final-@4:10", "-@10:11", "countdown@11:20"),
                pieces(new SplitPreTokenizers.Split(dash, SplitBehavior.MERGED_WITH_PREVIOUS, false), text));
        assertEquals(List.of("the@0:3", "-final@3:9", "-@9:10", "-countdown@10:20"),
                pieces(new SplitPreTokenizers.Split(dash, SplitBehavior.MERGED_WITH_NEXT, false), text));
        assertEquals(List.of("the@0:3", "-@3:4", "final@4:9", "--@9:11", "countdown@11:20"),
                pieces(new SplitPreTokenizers.Split(dash, SplitBehavior.CONTIGUOUS, false), text));
    }

    @Test
    void invertedRegexSplitKeepsTheMatches() {
        var words = Patterns.regex("\\w+");
        assertEquals(List.of("Hey@0:3", "friend@4:10"),
                pieces(new SplitPreTokenizers.Split(words, SplitBehavior.REMOVED, true), "Hey friend!"));
    }

    @Test
    void whitespace() {
        // pre_tokenizers.Whitespace: \w+|[^\w\s]+
        assertEquals(List.of("Hey@0:3", "friend@4:10", "!@10:11", "How@16:19", "are@20:23", "you@24:27", "?!?@27:30"),
                pieces(new SplitPreTokenizers.Whitespace(), "Hey friend!     How are you?!?"));
    }

    @Test
    void whitespaceSplit() {
        assertEquals(List.of("Hey@0:3", "friend!@4:11", "How@16:19", "are@20:23", "you?!?@24:30"),
                pieces(new SplitPreTokenizers.WhitespaceSplit(), "Hey friend!     How are you?!?"));
    }

    @Test
    void digits() {
        assertEquals(List.of("Call @0:5", "1@5:6", "2@6:7", "3@7:8", " please@8:15"),
                pieces(new SplitPreTokenizers.Digits(true), "Call 123 please"));
        assertEquals(List.of("Call @0:5", "123@5:8", " please@8:15"),
                pieces(new SplitPreTokenizers.Digits(false), "Call 123 please"));
    }

    @Test
    void punctuation() {
        assertEquals(List.of("Hey friend@0:10", "!@10:11", "     How are you@11:27", "?@27:28", "!@28:29", "?@29:30"),
                pieces(new SplitPreTokenizers.Punctuation(SplitBehavior.ISOLATED), "Hey friend!     How are you?!?"));
    }

    @Test
    void bertSplitsOnSpaceAndPunctuation() {
        assertEquals(List.of("Hey@0:3", "friend@4:10", "!@10:11", "How@16:19", "are@20:23", "you@24:27",
                        "?@27:28", "!@28:29", "?@29:30"),
                pieces(new SplitPreTokenizers.Bert(), "Hey friend!     How are you?!?"));
    }

    @Test
    void metaspace() {
        // Metaspace docs: "Hey friend!" -> "▁Hey", "▁friend!"; the added '▁' aligns with the first character
        assertEquals(List.of("▁Hey@0:3", "▁friend!@3:11"),
                pieces(new MetaspacePreTokenizer('▁', MetaspacePreTokenizer.PrependScheme.ALWAYS, true), "Hey friend!"));
        assertEquals(List.of("Hey@0:3", "▁friend!@3:11"),
                pieces(new MetaspacePreTokenizer('▁', MetaspacePreTokenizer.PrependScheme.NEVER, true), "Hey friend!"));
        assertEquals(List.of("▁Hey▁friend!@0:11"),
                pieces(new MetaspacePreTokenizer('▁', MetaspacePreTokenizer.PrependScheme.ALWAYS, false), "Hey friend!"));
    }

    @Test
    void charDelimiter() {
        assertEquals(List.of("a@0:1", "b c@2:5"), pieces(new SplitPreTokenizers.CharDelimiter('|'), "a|b c|"));
    }
}
