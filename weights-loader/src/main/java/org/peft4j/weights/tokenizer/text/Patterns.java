package org.peft4j.weights.tokenizer.text;

import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The split patterns of the Rust library: a character class, a literal string, a regular expression. */
public final class Patterns {
    private Patterns() {
    }

    /** Every code point accepted by {@code predicate} is a match of its own. */
    public static SplitPattern chars(IntPredicate predicate) {
        return (s, out) -> {
            if (s.isEmpty()) {
                out.add(0, 0, false);
                return;
            }
            int last = 0;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int next = i + Character.charCount(cp);
                if (predicate.test(cp)) {
                    if (last < i) out.add(last, i, false);
                    out.add(i, next, true);
                    last = next;
                }
                i = next;
            }
            if (last < s.length()) out.add(last, s.length(), false);
        };
    }

    /** Non-overlapping occurrences of {@code literal}, leftmost first; an empty literal matches nothing. */
    public static SplitPattern literal(String literal) {
        return (s, out) -> {
            if (s.isEmpty() || literal.isEmpty()) {
                out.add(0, s.length(), false);
                return;
            }
            int last = 0;
            int at = s.indexOf(literal);
            while (at >= 0) {
                if (last < at) out.add(last, at, false);
                out.add(at, at + literal.length(), true);
                last = at + literal.length();
                at = s.indexOf(literal, last);
            }
            if (last < s.length()) out.add(last, s.length(), false);
        };
    }

    /** The matches of a regular expression (Unicode character classes: {@code \s}, {@code \w}, ...). */
    public static SplitPattern regex(String regex) {
        if (Gpt2Pattern.REGEX.equals(regex)) return new Gpt2Pattern();
        Pattern p = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        return (s, out) -> {
            if (s.isEmpty()) {
                out.add(0, 0, false);
                return;
            }
            int last = 0;
            Matcher m = p.matcher(s);
            while (m.find()) {
                if (last != m.start()) out.add(last, m.start(), false);
                out.add(m.start(), m.end(), true);
                last = m.end();
            }
            if (last != s.length()) out.add(last, s.length(), false);
        };
    }
}
