package org.peft4j.finetune.metrics.e2e;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The tokenization of NIST's {@code mteval-v13a.pl} (NormalizeText, default options), which the
 * E2E scorer uses for BLEU and NIST. Lower-cases ASCII A-Z only (the Perl script works on bytes);
 * non-ASCII characters pass through untouched.
 */
public final class MtevalTokenizer {
    private MtevalTokenizer() {}

    // { | } ~   [ \ ] ^ _ `   space ! " # $ % &   ( ) * +   : ; < = > ? @   /
    private static final Pattern PUNCT = Pattern.compile("([{-~\\[-` -&(-+:-@/])");
    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");
    // Perl's \s on byte strings: ASCII whitespace only.
    private static final Pattern SPACES = Pattern.compile("[ \\t\\n\\x0B\\f\\r]+");

    public static List<String> tokenize(String text) {
        String s = text.replace("<skipped>", "");
        s = s.replace("-\n", "").replace("\n", " ");
        s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        s = " " + s + " ";
        s = asciiLowerCase(s);
        s = PUNCT.matcher(s).replaceAll(" $1 ");
        s = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = SPACES.matcher(s).replaceAll(" ").strip();
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    private static String asciiLowerCase(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] = (char) (c[i] + ('a' - 'A'));
            }
        }
        return new String(c);
    }
}
