package org.peft4j.weights.tokenizer.normalizer;

import org.peft4j.weights.tokenizer.text.CharClasses;
import org.peft4j.weights.tokenizer.text.NormalizedString;
import org.peft4j.weights.tokenizer.text.Unicode8;

/**
 * BERT's text cleanup: drop control characters and map white space to ' ' (clean_text), surround CJK
 * ideographs with spaces, strip accents (NFD then drop nonspacing marks; {@code stripAccents == null}
 * follows {@code lowercase}), lowercase. Control, mark and punctuation tests use Unicode 8.0 tables as
 * the Rust library does.
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents,
                             boolean lowercase) implements Normalizer {

    @Override
    public void normalize(NormalizedString text) {
        if (cleanText) {
            text.filter(cp -> !(cp == 0 || cp == 0xFFFD || isControl(cp)));
            text.map(cp -> isWhitespace(cp) ? ' ' : cp);
        }
        if (handleChineseChars) surroundChinese(text);
        if (stripAccents != null ? stripAccents : lowercase) {
            UnicodeForms.apply(text, java.text.Normalizer.Form.NFD);
            text.filter(cp -> !Unicode8.isNonspacingMark(cp));
        }
        if (lowercase) text.lowercase();
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        return Unicode8.isOther(cp);
    }

    private static boolean isWhitespace(int cp) {
        return cp == '\t' || cp == '\n' || cp == '\r' || CharClasses.isWhitespace(cp);
    }

    private static void surroundChinese(NormalizedString text) {
        String s = text.get();
        boolean any = false;
        for (int i = 0; i < s.length() && !any; ) {
            int cp = s.codePointAt(i);
            any = CharClasses.isChineseChar(cp);
            i += Character.charCount(cp);
        }
        if (!any) return;
        NormalizedString.Rebuilder b = text.rebuild();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (CharClasses.isChineseChar(cp)) {
                b.emit(' ', 0);
                b.emit(cp, 1);
                b.emit(' ', 1);
            } else {
                b.emit(cp, 0);
            }
            i += Character.charCount(cp);
        }
        b.finish();
    }
}
