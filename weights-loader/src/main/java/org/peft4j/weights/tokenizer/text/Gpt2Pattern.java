package org.peft4j.weights.tokenizer.text;

/**
 * The GPT-2 pre-tokenization regex written out as a scanner (about ten times faster than
 * {@code java.util.regex}). It implements exactly
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}: at each position the
 * first alternative that matches wins; {@code \s} is Unicode White_Space.
 */
public final class Gpt2Pattern implements SplitPattern {
    public static final String REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static final int LETTER = 1, NUMBER = 2, SPACE = 3, OTHER = 4;

    @Override
    public void findMatches(String s, MatchList out) {
        int n = s.length();
        if (n == 0) {
            out.add(0, 0, false);
            return;
        }
        int i = 0;
        while (i < n) {
            int end = matchAt(s, i, n);
            out.add(i, end, true);
            i = end;
        }
    }

    /** End of the match that starts at {@code i}; every position starts a match of some alternative. */
    static int matchAt(String s, int i, int n) {
        char c = s.charAt(i);
        if (c == '\'' && i + 1 < n) {
            char d = s.charAt(i + 1);
            if (d == 's' || d == 't' || d == 'm' || d == 'd') return i + 2;
            if (i + 2 < n) {
                char e = s.charAt(i + 2);
                if ((d == 'r' && e == 'e') || (d == 'v' && e == 'e') || (d == 'l' && e == 'l')) return i + 3;
            }
        }
        int start = i;
        int cls = classAt(s, i);
        if (c == ' ' && i + 1 < n) {
            int next = classAt(s, i + 1);
            if (next != SPACE) {
                start = i + 1;
                cls = next;
            }
        }
        if (cls != SPACE) {
            int j = start;
            while (j < n && classAt(s, j) == cls) j += Character.charCount(s.codePointAt(j));
            return j;
        }
        // A run of white space: all of it when it ends the text, else all but its last character
        // (that one goes with the next word), unless the run is a single character.
        int j = i;
        int lastStart = i;
        while (j < n && classAt(s, j) == SPACE) {
            lastStart = j;
            j += Character.charCount(s.codePointAt(j));
        }
        if (j == n || lastStart == i) return j;
        return lastStart;
    }

    private static int classAt(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return LETTER;
            if (c >= '0' && c <= '9') return NUMBER;
            if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return SPACE;
            return OTHER;
        }
        int cp = s.codePointAt(i);
        if (Character.isLetter(cp)) return LETTER;
        if (CharClasses.isNumeric(cp)) return NUMBER;
        if (CharClasses.isWhitespace(cp)) return SPACE;
        return OTHER;
    }
}
