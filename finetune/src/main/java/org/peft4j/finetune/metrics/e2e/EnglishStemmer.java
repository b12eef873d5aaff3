package org.peft4j.finetune.metrics.e2e;

import java.util.Map;
import java.util.Set;

/**
 * The Snowball English ("Porter2") stemmer, the stemmer METEOR 1.5's stem module uses for English
 * (org.tartarus.snowball.ext.englishStemmer), written out from the algorithm's published
 * definition (snowballstem.org/algorithms/english/stemmer.html). Input is one lower-case word.
 */
public final class EnglishStemmer {
    private EnglishStemmer() {}

    private static final Map<String, String> EXCEPTIONS = Map.ofEntries(
            Map.entry("skis", "ski"), Map.entry("skies", "sky"), Map.entry("dying", "die"), Map.entry("lying", "lie"),
            Map.entry("tying", "tie"), Map.entry("idly", "idl"), Map.entry("gently", "gentl"), Map.entry("ugly", "ugli"),
            Map.entry("early", "earli"), Map.entry("only", "onli"), Map.entry("singly", "singl"), Map.entry("sky", "sky"),
            Map.entry("news", "news"), Map.entry("howe", "howe"), Map.entry("atlas", "atlas"), Map.entry("cosmos", "cosmos"),
            Map.entry("bias", "bias"), Map.entry("andes", "andes"));
    private static final Set<String> AFTER_STEP_1A = Set.of("inning", "outing", "canning", "herring", "earring",
            "proceed", "exceed", "succeed");

    public static String stem(String word) {
        if (word.length() <= 2) {
            return word;
        }
        String ex = EXCEPTIONS.get(word);
        if (ex != null) {
            return ex;
        }
        StringBuilder w = new StringBuilder(word.startsWith("'") ? word.substring(1) : word);
        // Mark consonant y's (initial, or after a vowel) as Y.
        for (int i = 0; i < w.length(); i++) {
            if (w.charAt(i) == 'y' && (i == 0 || isVowel(w.charAt(i - 1)))) {
                w.setCharAt(i, 'Y');
            }
        }
        int r1 = r1(w);
        int r2 = region(w, r1);
        step0(w);
        step1a(w);
        if (AFTER_STEP_1A.contains(w.toString())) {
            return w.toString();
        }
        step1b(w, r1);
        step1c(w);
        step2(w, r1);
        step3(w, r1, r2);
        step4(w, r2);
        step5(w, r1, r2);
        return w.toString().replace('Y', 'y');
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    }

    private static int r1(CharSequence w) {
        String s = w.toString();
        for (String p : new String[] {"gener", "commun", "arsen"}) {
            if (s.startsWith(p)) {
                return p.length();
            }
        }
        return region(w, 0);
    }

    /** The start of the region after the first non-vowel following a vowel, searching from {@code from}. */
    private static int region(CharSequence w, int from) {
        for (int i = from + 1; i < w.length(); i++) {
            if (!isVowel(w.charAt(i)) && isVowel(w.charAt(i - 1))) {
                return i + 1;
            }
        }
        return w.length();
    }

    private static boolean ends(StringBuilder w, String s) {
        int n = w.length(), k = s.length();
        return n >= k && w.substring(n - k).equals(s);
    }

    private static void replace(StringBuilder w, String suffix, String with) {
        w.setLength(w.length() - suffix.length());
        w.append(with);
    }

    private static boolean hasVowel(CharSequence w, int end) {
        for (int i = 0; i < end; i++) {
            if (isVowel(w.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** A short syllable ending at the end of w[0, end). */
    private static boolean shortSyllableAtEnd(CharSequence w, int end) {
        if (end == 2) {
            return isVowel(w.charAt(0)) && !isVowel(w.charAt(1));
        }
        if (end >= 3) {
            char a = w.charAt(end - 3), b = w.charAt(end - 2), c = w.charAt(end - 1);
            return !isVowel(a) && isVowel(b) && !isVowel(c) && c != 'w' && c != 'x' && c != 'Y';
        }
        return false;
    }

    private static boolean isShort(StringBuilder w, int r1) {
        return r1 >= w.length() && shortSyllableAtEnd(w, w.length());
    }

    private static void step0(StringBuilder w) {
        for (String s : new String[] {"'s'", "'s", "'"}) {
            if (ends(w, s)) {
                replace(w, s, "");
                return;
            }
        }
    }

    private static void step1a(StringBuilder w) {
        if (ends(w, "sses")) {
            replace(w, "sses", "ss");
        } else if (ends(w, "ied") || ends(w, "ies")) {
            replace(w, w.substring(w.length() - 3), w.length() > 4 ? "i" : "ie");
        } else if (ends(w, "us") || ends(w, "ss")) {
            // unchanged
        } else if (ends(w, "s")) {
            if (hasVowel(w, w.length() - 2)) {
                w.setLength(w.length() - 1);
            }
        }
    }

    private static void step1b(StringBuilder w, int r1) {
        for (String s : new String[] {"eedly", "eed"}) {
            if (ends(w, s)) {
                if (w.length() - s.length() >= r1) {
                    replace(w, s, "ee");
                }
                return;
            }
        }
        for (String s : new String[] {"ingly", "edly", "ing", "ed"}) {
            if (ends(w, s)) {
                int stemEnd = w.length() - s.length();
                if (!hasVowel(w, stemEnd)) {
                    return;
                }
                w.setLength(stemEnd);
                if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) {
                    w.append('e');
                } else if (endsWithDouble(w)) {
                    w.setLength(w.length() - 1);
                } else if (isShort(w, r1)) {
                    w.append('e');
                }
                return;
            }
        }
    }

    private static boolean endsWithDouble(StringBuilder w) {
        int n = w.length();
        if (n < 2 || w.charAt(n - 1) != w.charAt(n - 2)) {
            return false;
        }
        return "bdfgmnprt".indexOf(w.charAt(n - 1)) >= 0;
    }

    private static void step1c(StringBuilder w) {
        int n = w.length();
        if (n > 2 && (w.charAt(n - 1) == 'y' || w.charAt(n - 1) == 'Y') && !isVowel(w.charAt(n - 2))) {
            w.setCharAt(n - 1, 'i');
        }
    }

    private static final String[][] STEP2 = {
            {"ization", "ize"}, {"ational", "ate"}, {"fulness", "ful"}, {"ousness", "ous"}, {"iveness", "ive"},
            {"tional", "tion"}, {"biliti", "ble"}, {"lessli", "less"}, {"entli", "ent"}, {"ation", "ate"},
            {"alism", "al"}, {"aliti", "al"}, {"ousli", "ous"}, {"iviti", "ive"}, {"fulli", "ful"}, {"enci", "ence"},
            {"anci", "ance"}, {"abli", "able"}, {"izer", "ize"}, {"ator", "ate"}, {"alli", "al"}, {"bli", "ble"},
            {"ogi", "og"}, {"li", ""}};

    private static void step2(StringBuilder w, int r1) {
        for (String[] rule : STEP2) {
            if (ends(w, rule[0])) {
                int stemEnd = w.length() - rule[0].length();
                if (stemEnd >= r1) {
                    if (rule[0].equals("ogi")) {
                        if (stemEnd > 0 && w.charAt(stemEnd - 1) == 'l') {
                            replace(w, rule[0], rule[1]);
                        }
                    } else if (rule[0].equals("li")) {
                        if (stemEnd > 0 && "cdeghkmnrt".indexOf(w.charAt(stemEnd - 1)) >= 0) {
                            replace(w, rule[0], rule[1]);
                        }
                    } else {
                        replace(w, rule[0], rule[1]);
                    }
                }
                return;
            }
        }
    }

    private static final String[][] STEP3 = {
            {"ational", "ate"}, {"tional", "tion"}, {"alize", "al"}, {"icate", "ic"}, {"iciti", "ic"},
            {"ative", ""}, {"ical", "ic"}, {"ness", ""}, {"ful", ""}};

    private static void step3(StringBuilder w, int r1, int r2) {
        for (String[] rule : STEP3) {
            if (ends(w, rule[0])) {
                int stemEnd = w.length() - rule[0].length();
                if (stemEnd >= r1 && (!rule[0].equals("ative") || stemEnd >= r2)) {
                    replace(w, rule[0], rule[1]);
                }
                return;
            }
        }
    }

    private static final String[] STEP4 = {"ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
            "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"};

    private static void step4(StringBuilder w, int r2) {
        for (String s : STEP4) {
            if (ends(w, s)) {
                int stemEnd = w.length() - s.length();
                if (stemEnd >= r2) {
                    if (s.equals("ion")) {
                        if (stemEnd > 0 && (w.charAt(stemEnd - 1) == 's' || w.charAt(stemEnd - 1) == 't')) {
                            w.setLength(stemEnd);
                        }
                    } else {
                        w.setLength(stemEnd);
                    }
                }
                return;
            }
        }
    }

    private static void step5(StringBuilder w, int r1, int r2) {
        int n = w.length();
        if (n == 0) {
            return;
        }
        char last = w.charAt(n - 1);
        if (last == 'e') {
            if (n - 1 >= r2 || (n - 1 >= r1 && !shortSyllableAtEnd(w, n - 1))) {
                w.setLength(n - 1);
            }
        } else if (last == 'l' && n - 1 >= r2 && n >= 2 && w.charAt(n - 2) == 'l') {
            w.setLength(n - 1);
        }
    }
}
