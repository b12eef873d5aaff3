package org.peft4j.weights.tokenizer.normalizer;

import org.peft4j.weights.tokenizer.text.NormalizedString;

import java.text.Normalizer;

/**
 * Unicode normalization (NFC, NFD, NFKC, NFKD) of a {@link NormalizedString} with alignments. The text is
 * normalized in chunks that start at a character which cannot combine with what precedes it; within a
 * chunk the k-th output character takes the alignment of the k-th input character (the last one when the
 * output is longer), which is how the Rust library's change-based transform aligns them.
 */
public final class UnicodeForms {
    private UnicodeForms() {
    }

    public static void apply(NormalizedString text, Normalizer.Form form) {
        String s = text.get();
        if (Normalizer.isNormalized(s, form)) return;
        boolean compat = form == Normalizer.Form.NFKC || form == Normalizer.Form.NFKD;
        NormalizedString.Rebuilder b = text.rebuild();
        int i = 0;
        while (i < s.length()) {
            int j = i + Character.charCount(s.codePointAt(i));
            while (j < s.length()) {
                int cp = s.codePointAt(j);
                if (startsChunk(cp, compat)) break;
                j += Character.charCount(cp);
            }
            String chunk = s.substring(i, j);
            String out = Normalizer.normalize(chunk, form);
            int in = chunk.codePointCount(0, chunk.length());
            int outCount = out.codePointCount(0, out.length());
            int k = 0;
            for (int p = 0; p < out.length(); k++) {
                int cp = out.codePointAt(p);
                p += Character.charCount(cp);
                int change = k < in ? 0 : 1;
                if (k == outCount - 1 && outCount < in) change = -(in - outCount);
                b.emit(cp, change);
            }
            i = j;
        }
        b.finish();
    }

    /** True when {@code cp} begins a new chunk: its decomposition does not start with a combining character. */
    private static boolean startsChunk(int cp, boolean compat) {
        if (cp < 0x300) return true;
        if ((cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2)) return false; // Hangul V, T jamo
        String d = Normalizer.normalize(new String(Character.toChars(cp)),
                compat ? Normalizer.Form.NFKD : Normalizer.Form.NFD);
        int t = Character.getType(d.codePointAt(0));
        return t != Character.NON_SPACING_MARK && t != Character.COMBINING_SPACING_MARK
                && t != Character.ENCLOSING_MARK;
    }
}
