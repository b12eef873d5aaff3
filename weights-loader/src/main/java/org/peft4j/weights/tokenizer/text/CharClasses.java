package org.peft4j.weights.tokenizer.text;

/**
 * Character predicates with the meaning they have in Rust's standard library and regex crate (current
 * Unicode, from {@link Character}), where the tokenizers library relies on those.
 */
public final class CharClasses {
    private CharClasses() {
    }

    /** Rust's {@code char::is_whitespace}: the Unicode White_Space property. */
    public static boolean isWhitespace(int cp) {
        if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
                || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** Rust's {@code char::is_numeric}: general category Nd, Nl or No. */
    public static boolean isNumeric(int cp) {
        if (cp < 0x80) return cp >= '0' && cp <= '9';
        int t = Character.getType(cp);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** Rust's {@code char::is_alphanumeric}: Alphabetic or numeric. */
    public static boolean isAlphanumeric(int cp) {
        return Character.isAlphabetic(cp) || isNumeric(cp);
    }

    /** The regex crate's Unicode {@code \w}: Alphabetic, marks, Nd, Pc, Join_Control. */
    public static boolean isWordChar(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
        }
        if (Character.isAlphabetic(cp) || cp == 0x200C || cp == 0x200D) return true;
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.ENCLOSING_MARK || t == Character.DECIMAL_DIGIT_NUMBER
                || t == Character.CONNECTOR_PUNCTUATION;
    }

    /** ASCII punctuation, as Rust's {@code char::is_ascii_punctuation}. */
    public static boolean isAsciiPunctuation(int cp) {
        return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60)
                || (cp >= 0x7B && cp <= 0x7E);
    }

    /** The BERT punctuation test: ASCII punctuation or Unicode 8.0 punctuation. */
    public static boolean isBertPunctuation(int cp) {
        return isAsciiPunctuation(cp) || (cp >= 0x80 && Unicode8.isPunctuation(cp));
    }

    /** The CJK ideograph ranges of the BERT normalizer (Rust version: Extension E from U+2B920). */
    public static boolean isChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
