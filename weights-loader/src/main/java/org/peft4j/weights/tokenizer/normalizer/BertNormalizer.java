package org.peft4j.weights.tokenizer.normalizer;

import org.peft4j.weights.tokenizer.text.CharClasses;
import org.peft4j.weights.tokenizer.text.NormalizedString;
import org.peft4j.weights.tokenizer.text.Unicode8;

import java.nio.charset.StandardCharsets;

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
        if (asciiFastPath(text)) return;
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

    /**
     * Plain ASCII text without control characters needs only the white-space mapping and lowercasing,
     * both one character for one (ASCII has no CJK, nothing to decompose, no marks): done in a single
     * pass. Returns false, having done nothing, for any other text.
     */
    private boolean asciiFastPath(NormalizedString text) {
        String s = text.get();
        int n = s.length();
        byte[] out = null; // Latin-1 bytes keep the strings compact (no char[] round trip)
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return false;
            char m = c;
            if (cleanText && (c == '\t' || c == '\n' || c == '\r')) m = ' ';
            else if (lowercase && c >= 'A' && c <= 'Z') m = (char) (c + 32);
            if (m != c) {
                if (out == null) out = s.getBytes(StandardCharsets.ISO_8859_1);
                out[i] = (byte) m;
            }
        }
        if (out != null) text.replaceSameShape(new String(out, StandardCharsets.ISO_8859_1));
        return true;
    }

    private static boolean isControl(int cp) {
        if (cp < 0x80) return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F;
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
