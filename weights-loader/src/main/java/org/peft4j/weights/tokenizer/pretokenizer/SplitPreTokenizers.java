package org.peft4j.weights.tokenizer.pretokenizer;

import org.peft4j.weights.tokenizer.text.CharClasses;
import org.peft4j.weights.tokenizer.text.MatchList;
import org.peft4j.weights.tokenizer.text.NormalizedString;
import org.peft4j.weights.tokenizer.text.Patterns;
import org.peft4j.weights.tokenizer.text.PreTokenizedString;
import org.peft4j.weights.tokenizer.text.SplitBehavior;
import org.peft4j.weights.tokenizer.text.SplitPattern;

import java.util.ArrayList;
import java.util.List;

/** The pre-tokenizers that cut on a pattern, one record each. */
public final class SplitPreTokenizers {
    private SplitPreTokenizers() {
    }

    private static final SplitPattern WHITESPACE = Patterns.chars(CharClasses::isWhitespace);
    private static final SplitPattern BERT_PUNCTUATION = Patterns.chars(CharClasses::isBertPunctuation);

    /**
     * BERT: cut on white space (dropped), then on punctuation (each mark its own piece); done in one pass,
     * which gives the same pieces as the Rust library's two splits.
     */
    public record Bert() implements PreTokenizer {
        @Override
        public void preTokenize(PreTokenizedString text) {
            text.split((i, p) -> {
                String s = p.get();
                List<NormalizedString> out = new ArrayList<>(s.length() / 4 + 4);
                int runStart = -1;
                for (int k = 0; k < s.length(); ) {
                    int cp = s.codePointAt(k);
                    int next = k + Character.charCount(cp);
                    boolean space = CharClasses.isWhitespace(cp);
                    if (space || CharClasses.isBertPunctuation(cp)) {
                        if (runStart >= 0) out.add(p.slice(runStart, k));
                        runStart = -1;
                        if (!space) out.add(p.slice(k, next));
                    } else if (runStart < 0) {
                        runStart = k;
                    }
                    k = next;
                }
                if (runStart >= 0) out.add(p.slice(runStart, s.length()));
                return out;
            });
        }
    }

    /** Runs of word characters and runs of other non-space characters ({@code \w+|[^\w\s]+}). */
    public record Whitespace() implements PreTokenizer {
        private static final SplitPattern WORDS = Whitespace::findWords;

        @Override
        public void preTokenize(PreTokenizedString text) {
            text.split((i, p) -> p.split(WORDS, SplitBehavior.REMOVED));
        }

        /** Marks the white space as matches (to be removed) and the word/symbol runs as the rest. */
        private static void findWords(String s, MatchList out) {
            if (s.isEmpty()) {
                out.add(0, 0, false);
                return;
            }
            int i = 0, last = 0;
            while (i < s.length()) {
                int cp = s.codePointAt(i);
                int kind = kind(cp);
                if (kind == 0) {
                    i += Character.charCount(cp);
                    continue;
                }
                int j = i + Character.charCount(cp);
                while (j < s.length()) {
                    int c = s.codePointAt(j);
                    if (kind(c) != kind) break;
                    j += Character.charCount(c);
                }
                if (last < i) out.add(last, i, true);
                out.add(i, j, false);
                last = j;
                i = j;
            }
            if (last < s.length()) out.add(last, s.length(), true);
        }

        /** 0 white space, 1 word character, 2 anything else. */
        private static int kind(int cp) {
            if (CharClasses.isWordChar(cp)) return 1;
            return CharClasses.isWhitespace(cp) ? 0 : 2;
        }
    }

    /** Cut on white space, which is dropped. */
    public record WhitespaceSplit() implements PreTokenizer {
        @Override
        public void preTokenize(PreTokenizedString text) {
            text.split((i, p) -> p.split(WHITESPACE, SplitBehavior.REMOVED));
        }
    }

    /** Cut on punctuation (ASCII or Unicode 8.0 P*). */
    public record Punctuation(SplitBehavior behavior) implements PreTokenizer {
        @Override
        public void preTokenize(PreTokenizedString text) {
            text.split((i, p) -> p.split(BERT_PUNCTUATION, behavior));
        }
    }

    /** Cut around digits, each digit alone or runs of digits together. */
    public record Digits(boolean individualDigits) implements PreTokenizer {
        private static final SplitPattern NUMERIC = Patterns.chars(CharClasses::isNumeric);

        @Override
        public void preTokenize(PreTokenizedString text) {
            SplitBehavior b = individualDigits ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS;
            text.split((i, p) -> p.split(NUMERIC, b));
        }
    }

    /** Cut on one delimiter character, which is dropped. */
    public record CharDelimiter(int delimiter) implements PreTokenizer {
        @Override
        public void preTokenize(PreTokenizedString text) {
            SplitPattern pattern = Patterns.chars(cp -> cp == delimiter);
            text.split((i, p) -> p.split(pattern, SplitBehavior.REMOVED));
        }
    }

    /** Cut on a literal or regex pattern (optionally inverted), with the given behaviour. */
    public record Split(SplitPattern pattern, SplitBehavior behavior, boolean invert) implements PreTokenizer {
        @Override
        public void preTokenize(PreTokenizedString text) {
            SplitPattern p = invert ? pattern.inverted() : pattern;
            text.split((i, piece) -> piece.split(p, behavior));
        }
    }

    /** Applies pre-tokenizers in order. */
    public record Sequence(List<PreTokenizer> preTokenizers) implements PreTokenizer {
        public Sequence {
            preTokenizers = List.copyOf(preTokenizers);
        }

        @Override
        public void preTokenize(PreTokenizedString text) {
            for (PreTokenizer p : preTokenizers) p.preTokenize(text);
        }
    }
}
