package org.peft4j.weights.tokenizer.normalizer;

import org.peft4j.weights.tokenizer.text.ByteLevelAlphabet;
import org.peft4j.weights.tokenizer.text.NormalizedString;
import org.peft4j.weights.tokenizer.text.SplitPattern;

import java.util.List;

/** The small normalizers of the Rust library, one record each. */
public final class SimpleNormalizers {
    private SimpleNormalizers() {
    }

    /** NFC, NFD, NFKC or NFKD. */
    public record Unicode(java.text.Normalizer.Form form) implements Normalizer {
        @Override
        public void normalize(NormalizedString text) {
            UnicodeForms.apply(text, form);
        }
    }

    public record Lowercase() implements Normalizer {
        @Override
        public void normalize(NormalizedString text) {
            text.lowercase();
        }
    }

    /** Drops combining marks (general category M*). */
    public record StripAccents() implements Normalizer {
        @Override
        public void normalize(NormalizedString text) {
            text.filter(cp -> {
                if (cp < 0x300) return true;
                int t = Character.getType(cp);
                return t != Character.NON_SPACING_MARK && t != Character.COMBINING_SPACING_MARK
                        && t != Character.ENCLOSING_MARK;
            });
        }
    }

    /** Puts {@code prefix} in front of non-empty text. */
    public record Prepend(String prefix) implements Normalizer {
        @Override
        public void normalize(NormalizedString text) {
            if (!text.isEmpty()) text.prepend(prefix);
        }
    }

    /** Replaces every match of a literal or regex pattern. */
    public record Replace(SplitPattern pattern, String content) implements Normalizer {
        @Override
        public void normalize(NormalizedString text) {
            text.replace(pattern, content);
        }
    }

    /** Removes leading and/or trailing white space. */
    public record Strip(boolean left, boolean right) implements Normalizer {
        @Override
        public void normalize(NormalizedString text) {
            text.strip(left, right);
        }
    }

    /** SentencePiece's NMT cleanup: drop some control characters, map others to a space. */
    public record Nmt() implements Normalizer {
        @Override
        public void normalize(NormalizedString text) {
            text.filter(cp -> !((cp >= 0x1 && cp <= 0x8) || cp == 0xB || (cp >= 0xE && cp <= 0x1F)
                    || cp == 0x7F || cp == 0x8F || cp == 0x9F));
            text.map(cp -> switch (cp) {
                case 0x9, 0xA, 0xC, 0xD, 0x1680, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x2581,
                     0xFEFF, 0xFFFD -> ' ';
                default -> cp;
            });
        }
    }

    /** Rewrites the text as GPT-2 byte-alphabet characters. */
    public record ByteLevel() implements Normalizer {
        @Override
        public void normalize(NormalizedString text) {
            ByteLevelAlphabet.apply(text);
        }
    }

    /** Applies normalizers in order. */
    public record Sequence(List<Normalizer> normalizers) implements Normalizer {
        public Sequence {
            normalizers = List.copyOf(normalizers);
        }

        @Override
        public void normalize(NormalizedString text) {
            for (Normalizer n : normalizers) n.normalize(text);
        }
    }
}
