package org.peft4j.weights.tokenizer.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * A piece of the input text being normalized, with the map from each of its UTF-16 units back to the
 * span of the original input that produced it. This is the Rust tokenizers library's
 * {@code NormalizedString} measured in UTF-16 units (Java {@code String} indices) instead of UTF-8 bytes;
 * every edit follows that library's alignment rules so that token offsets come out the same.
 *
 * <p>Alignments are absolute positions in {@link #original()}, the whole input of one encode call. Each
 * unit of one normalized code point carries the same alignment. While nothing has been edited the piece
 * is an exact substring of the original and its alignments are computed instead of stored.
 */
public final class NormalizedString {
    private final String original;
    private final int originalStart;
    private final int originalEnd;
    private String normalized;
    /** Per normalized unit; both null while {@code normalized} equals the original substring. */
    private int[] alignStart;
    private int[] alignEnd;

    private NormalizedString(String original, int originalStart, int originalEnd, String normalized,
                             int[] alignStart, int[] alignEnd) {
        this.original = original;
        this.originalStart = originalStart;
        this.originalEnd = originalEnd;
        this.normalized = normalized;
        this.alignStart = alignStart;
        this.alignEnd = alignEnd;
    }

    /** The whole of {@code text}, not yet normalized. */
    public static NormalizedString of(String text) {
        return new NormalizedString(text, 0, text.length(), text, null, null);
    }

    /** The whole input string this piece was cut from. */
    public String original() {
        return original;
    }

    /** Start of the span of {@link #original()} this piece covers. */
    public int originalStart() {
        return originalStart;
    }

    /** End (exclusive) of the span of {@link #original()} this piece covers. */
    public int originalEnd() {
        return originalEnd;
    }

    /** The normalized text. */
    public String get() {
        return normalized;
    }

    public int length() {
        return normalized.length();
    }

    public boolean isEmpty() {
        return normalized.isEmpty();
    }

    /** Original start offset of normalized unit {@code i}. */
    public int alignStart(int i) {
        if (alignStart != null) return alignStart[i];
        int p = originalStart + i;
        return i > 0 && Character.isLowSurrogate(normalized.charAt(i))
                && Character.isHighSurrogate(normalized.charAt(i - 1)) ? p - 1 : p;
    }

    /** Original end offset (exclusive) of normalized unit {@code i}. */
    public int alignEnd(int i) {
        if (alignEnd != null) return alignEnd[i];
        int p = originalStart + i;
        return i + 1 < normalized.length() && Character.isHighSurrogate(normalized.charAt(i))
                && Character.isLowSurrogate(normalized.charAt(i + 1)) ? p + 2 : p + 1;
    }

    /**
     * Original start of the normalized range [start, end). An empty range maps to its own position shifted
     * by this piece's start, as the Rust library does.
     */
    public int originalStartOf(int start, int end) {
        return start == end ? originalStart + start : alignStart(start);
    }

    /** Original end of the normalized range [start, end); see {@link #originalStartOf}. */
    public int originalEndOf(int start, int end) {
        return start == end ? originalStart + end : alignEnd(end - 1);
    }

    /** The normalized range [start, end) as a new piece that keeps its alignments. */
    public NormalizedString slice(int start, int end) {
        String text = normalized.substring(start, end);
        if (alignStart == null) {
            return new NormalizedString(original, originalStart + start, originalStart + end, text, null, null);
        }
        int oStart = originalStartOf(start, end);
        int oEnd = originalEndOf(start, end);
        return new NormalizedString(original, oStart, oEnd, text,
                Arrays.copyOfRange(alignStart, start, end), Arrays.copyOfRange(alignEnd, start, end));
    }

    /**
     * {@code slice(start, end)} with its text replaced by {@code text}, in which every code point of the
     * slice was replaced by one of the same UTF-16 length (so alignments carry over unchanged).
     */
    public NormalizedString sliceReplaced(int start, int end, String text) {
        if (text.length() != end - start) {
            throw new IllegalArgumentException("replacement changes the length: " + (end - start) + " -> " + text.length());
        }
        if (alignStart == null) {
            return new NormalizedString(original, originalStart + start, originalStart + end, text, null, null);
        }
        return new NormalizedString(original, originalStartOf(start, end), originalEndOf(start, end), text,
                Arrays.copyOfRange(alignStart, start, end), Arrays.copyOfRange(alignEnd, start, end));
    }

    // ---------------------------------------------------------------- edits

    /** Starts rebuilding the whole normalized text; see {@link Rebuilder}. */
    public Rebuilder rebuild() {
        return new Rebuilder();
    }

    /** Keeps only the code points {@code keep} accepts. */
    public void filter(IntPredicate keep) {
        String s = normalized;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!keep.test(cp)) break;
            i += Character.charCount(cp);
        }
        if (i == s.length()) return;
        Rebuilder b = rebuild();
        for (int j = 0; j < s.length(); ) {
            int cp = s.codePointAt(j);
            if (keep.test(cp)) b.emit(cp, 0);
            else b.skip(1);
            j += Character.charCount(cp);
        }
        b.finish();
    }

    /** Replaces every code point by {@code f(cp)}, one for one. */
    public void map(IntUnaryOperator f) {
        String s = normalized;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (f.applyAsInt(cp) != cp) break;
            i += Character.charCount(cp);
        }
        if (i == s.length()) return;
        char[] out = s.toCharArray();
        for (int j = i; j < s.length(); ) {
            int cp = s.codePointAt(j);
            int m = f.applyAsInt(cp);
            int n = Character.charCount(cp);
            if (Character.charCount(m) != n) {
                mapSlow(f);
                return;
            }
            Character.toChars(m, out, j);
            j += n;
        }
        replaceSameShape(new String(out));
    }

    private void mapSlow(IntUnaryOperator f) {
        String s = normalized;
        Rebuilder b = rebuild();
        for (int j = 0; j < s.length(); ) {
            int cp = s.codePointAt(j);
            b.emit(f.applyAsInt(cp), 0);
            j += Character.charCount(cp);
        }
        b.finish();
    }

    /**
     * Lowercases each code point on its own with the full Unicode mapping, as Rust's
     * {@code char::to_lowercase} does (no context-dependent final sigma; U+0130 becomes "i̇").
     */
    public void lowercase() {
        String s = normalized;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 'A' && c <= 'Z') break;
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            if (cp == 0x130 || Character.toLowerCase(cp) != cp) break;
            i += Character.charCount(cp);
        }
        if (i == s.length()) return;
        char[] out = s.toCharArray();
        for (int j = i; j < s.length(); ) {
            char c = out[j];
            if (c < 0x80) {
                if (c >= 'A' && c <= 'Z') out[j] = (char) (c + 32);
                j++;
                continue;
            }
            int cp = s.codePointAt(j);
            int lower = Character.toLowerCase(cp);
            int n = Character.charCount(cp);
            if (cp == 0x130 || Character.charCount(lower) != n) {
                lowercaseSlow();
                return;
            }
            Character.toChars(lower, out, j);
            j += n;
        }
        replaceSameShape(new String(out));
    }

    private void lowercaseSlow() {
        String s = normalized;
        Rebuilder b = rebuild();
        for (int j = 0; j < s.length(); ) {
            int cp = s.codePointAt(j);
            if (cp == 0x130) {
                b.emit('i', 0);
                b.emit(0x307, 1);
            } else {
                b.emit(Character.toLowerCase(cp), 0);
            }
            j += Character.charCount(cp);
        }
        b.finish();
    }

    /**
     * Takes a new text in which every code point was replaced by one of the same UTF-16 length, so every
     * unit keeps its alignment.
     */
    public void replaceSameShape(String text) {
        if (text.length() != normalized.length()) {
            throw new IllegalArgumentException("replacement changes the length: " + normalized.length() + " -> " + text.length());
        }
        normalized = text;
    }

    /** Puts {@code prefix} in front; its code points take the alignment of the first code point. */
    public void prepend(String prefix) {
        String s = normalized;
        if (s.isEmpty() || prefix.isEmpty()) return;
        int first = s.codePointAt(0);
        Rebuilder b = rebuild();
        boolean firstOfPrefix = true;
        for (int k = 0; k < prefix.length(); ) {
            int cp = prefix.codePointAt(k);
            b.emit(cp, firstOfPrefix ? 0 : 1);
            firstOfPrefix = false;
            k += Character.charCount(cp);
        }
        b.emit(first, 1);
        for (int j = Character.charCount(first); j < s.length(); ) {
            int cp = s.codePointAt(j);
            b.emit(cp, 0);
            j += Character.charCount(cp);
        }
        b.finish();
    }

    /**
     * Replaces every match of {@code pattern} by {@code content}; the inserted code points take the alignment
     * of the last code point of the match.
     */
    public void replace(SplitPattern pattern, String content) {
        String s = normalized;
        MatchList matches = new MatchList();
        pattern.findMatches(s, matches);
        boolean any = false;
        for (int m = 0; m < matches.size(); m++) any |= matches.isMatch(m);
        if (!any) return;
        Rebuilder b = rebuild();
        for (int m = 0; m < matches.size(); m++) {
            int start = matches.start(m), end = matches.end(m);
            if (matches.isMatch(m)) {
                b.skip(s.codePointCount(start, end));
                for (int k = 0; k < content.length(); ) {
                    int cp = content.codePointAt(k);
                    b.emit(cp, 1);
                    k += Character.charCount(cp);
                }
            } else {
                for (int j = start; j < end; ) {
                    int cp = s.codePointAt(j);
                    b.emit(cp, 0);
                    j += Character.charCount(cp);
                }
            }
        }
        b.finish();
    }

    /** Removes leading and/or trailing white space (Unicode White_Space). */
    public void strip(boolean left, boolean right) {
        String s = normalized;
        int from = 0, to = s.length();
        if (left) {
            while (from < to) {
                int cp = s.codePointAt(from);
                if (!CharClasses.isWhitespace(cp)) break;
                from += Character.charCount(cp);
            }
        }
        if (right) {
            while (to > from) {
                int cp = s.codePointBefore(to);
                if (!CharClasses.isWhitespace(cp)) break;
                to -= Character.charCount(cp);
            }
        }
        if (from == 0 && to == s.length()) return;
        Rebuilder b = rebuild();
        b.skip(s.codePointCount(0, from));
        for (int j = from; j < to; ) {
            int cp = s.codePointAt(j);
            b.emit(cp, 0);
            j += Character.charCount(cp);
        }
        b.finish();
    }

    /** Splits at the matches of {@code pattern}, handling the matched parts as {@code behavior} says. */
    public List<NormalizedString> split(SplitPattern pattern, SplitBehavior behavior) {
        MatchList matches = new MatchList();
        pattern.findMatches(normalized, matches);
        MatchList parts = behavior.apply(matches);
        List<NormalizedString> out = new ArrayList<>(parts.size());
        for (int m = 0; m < parts.size(); m++) {
            if (parts.isMatch(m)) continue; // marked for removal
            out.add(slice(parts.start(m), parts.end(m)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "NormalizedString[" + normalized + " <- " + original.substring(originalStart, originalEnd) + "]";
    }

    /**
     * Rebuilds the normalized text from a stream of (code point, change) pairs, the way the Rust library's
     * {@code NormalizedString::transform} does: change 0 replaces the next old code point (taking its
     * alignment), change {@code n > 0} inserts a code point that takes the alignment of the old code point
     * before the current position, change {@code -n} replaces the next old code point and drops {@code n}
     * more. {@link #skip} drops old code points without output. Old code points never consumed are dropped.
     */
    public final class Rebuilder {
        private final StringBuilder out;
        private int[] outStart;
        private int[] outEnd;
        private int outLen;
        private int oldPos;

        private Rebuilder() {
            int cap = normalized.length() + 8;
            out = new StringBuilder(cap);
            outStart = new int[cap];
            outEnd = new int[cap];
        }

        /** Drops the next {@code count} old code points. */
        public void skip(int count) {
            for (int k = 0; k < count; k++) advance();
        }

        public void emit(int cp, int change) {
            int s, e;
            if (change > 0) {
                if (oldPos < 1) {
                    s = originalStart;
                    e = originalStart;
                } else {
                    s = alignStart(oldPos - 1);
                    e = alignEnd(oldPos - 1);
                }
            } else {
                if (oldPos >= normalized.length()) {
                    throw new IllegalStateException("normalization consumed more characters than \""
                            + normalized + "\" has");
                }
                s = alignStart(oldPos);
                e = alignEnd(oldPos);
                advance();
                for (int k = 0; k < -change; k++) advance();
            }
            int n = Character.charCount(cp);
            if (outLen + n > outStart.length) {
                int cap = Math.max(outStart.length * 2, outLen + n);
                outStart = Arrays.copyOf(outStart, cap);
                outEnd = Arrays.copyOf(outEnd, cap);
            }
            out.appendCodePoint(cp);
            for (int k = 0; k < n; k++) {
                outStart[outLen] = s;
                outEnd[outLen] = e;
                outLen++;
            }
        }

        private void advance() {
            if (oldPos < normalized.length()) {
                oldPos += Character.charCount(normalized.codePointAt(oldPos));
            }
        }

        /** Replaces the normalized text and its alignments by what was emitted. */
        public void finish() {
            normalized = out.toString();
            alignStart = outLen == outStart.length ? outStart : Arrays.copyOf(outStart, outLen);
            alignEnd = outLen == outEnd.length ? outEnd : Arrays.copyOf(outEnd, outLen);
        }
    }
}
