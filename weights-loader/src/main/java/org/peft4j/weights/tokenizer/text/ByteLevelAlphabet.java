package org.peft4j.weights.tokenizer.text;

import java.util.Arrays;

/**
 * GPT-2's byte-to-unicode alphabet: every byte value has a printable character ('Ġ' for a space), so
 * byte-level BPE works on strings with no unknown symbol.
 */
public final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[0x200];

    static {
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) printable[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++) printable[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++) printable[b] = true;
        int n = 0;
        for (int b = 0; b < 256; b++) BYTE_TO_CHAR[b] = printable[b] ? (char) b : (char) (256 + n++);
        Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
    }

    private ByteLevelAlphabet() {
    }

    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte a character of the alphabet stands for, or -1 if it is not one of them. */
    public static int byteOf(int c) {
        return c >= 0 && c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The alphabet characters of ASCII text {@code s[from, to)}, or null if it holds a non-ASCII character. */
    public static String mapAscii(String s, int from, int to) {
        char[] out = new char[to - from];
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return null;
            out[i - from] = BYTE_TO_CHAR[c];
        }
        return new String(out);
    }

    /**
     * Rewrites a piece as the alphabet characters of its UTF-8 bytes; every character so produced is aligned
     * with the character of the original it encodes.
     */
    public static void apply(NormalizedString piece) {
        String s = piece.get();
        int n = s.length();
        char[] ascii = new char[n];
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) break;
            ascii[i] = BYTE_TO_CHAR[c];
        }
        if (i == n) {
            piece.replaceSameShape(new String(ascii));
            return;
        }
        NormalizedString.Rebuilder b = piece.rebuild();
        byte[] buf = new byte[4];
        for (int j = 0; j < n; ) {
            int cp = s.codePointAt(j);
            j += Character.charCount(cp);
            int count = utf8(cp, buf);
            for (int k = 0; k < count; k++) b.emit(BYTE_TO_CHAR[buf[k] & 0xFF], k > 0 ? 1 : 0);
        }
        b.finish();
    }

    /** UTF-8 bytes of one code point (a lone surrogate is encoded as U+FFFD, as Java's encoder does). */
    static int utf8(int cp, byte[] out) {
        if (cp < 0x80) {
            out[0] = (byte) cp;
            return 1;
        }
        if (cp < 0x800) {
            out[0] = (byte) (0xC0 | (cp >> 6));
            out[1] = (byte) (0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) return utf8(0xFFFD, out);
        if (cp < 0x10000) {
            out[0] = (byte) (0xE0 | (cp >> 12));
            out[1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[2] = (byte) (0x80 | (cp & 0x3F));
            return 3;
        }
        out[0] = (byte) (0xF0 | (cp >> 18));
        out[1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[3] = (byte) (0x80 | (cp & 0x3F));
        return 4;
    }
}
