package org.peft4j.finetune.metrics.e2e;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * METEOR 1.5's English text normalization ({@code -norm}: {@code Normalizer.normalizeLine} with
 * punctuation kept), followed by lower-casing. Derived from the Moses tokenizer: non-alphanumerics
 * are split off, dashes between words removed, English contractions split, and a final period is
 * split from a word unless the word is a known non-breaking prefix or the next word is lower case.
 */
final class MeteorNormalizer {
    private MeteorNormalizer() {}

    private static final String ALPHA = "A-Za-zŠŽšžŸÀ-ÖØ-öø-žЀ-ӿԀ-ԧꙀ-ꙮ꙾-ꚗᴀ-ᵿ";
    private static final String ALNUM = "0-9" + ALPHA;
    private static final Pattern SEP_OTHER = Pattern.compile("([^" + ALNUM + "\\s\\.'`,\\-‘’])");
    private static final Pattern MULTI_DOT = Pattern.compile("\\.([\\.]+)");
    private static final Pattern MULTI_DOT2 = Pattern.compile("DOTMULTI\\.([^\\.])");
    private static final Pattern COMMA1 = Pattern.compile("([^\\p{Digit}])[,]([^\\p{Digit}])");
    private static final Pattern COMMA2 = Pattern.compile("([\\p{Digit}])[,]([^\\p{Digit}])");
    private static final Pattern COMMA3 = Pattern.compile("([^\\p{Digit}])[,]([\\p{Digit}])");
    private static final Pattern QUOTE1 = Pattern.compile("([`‘’])");
    private static final Pattern QUOTE2 = Pattern.compile("([“”]|'')");
    private static final Pattern RM_DASH = Pattern.compile("([" + ALNUM + "\\.])[\\-]([" + ALNUM + "])");
    private static final Pattern CONT1 = Pattern.compile("([^" + ALPHA + "])[']([^" + ALPHA + "])");
    private static final Pattern CONT2 = Pattern.compile("([^" + ALPHA + "\\p{Digit}])[']([" + ALPHA + "])");
    private static final Pattern CONT3 = Pattern.compile("([" + ALPHA + "])[']([^" + ALPHA + "])");
    private static final Pattern CONT4 = Pattern.compile("([" + ALPHA + "])[']([" + ALPHA + "])");
    private static final Pattern CONT5 = Pattern.compile("([\\p{Digit}])[']([s])");
    private static final Pattern WHITE = Pattern.compile("[\\s\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+");
    private static final Pattern HAS_ALPHA = Pattern.compile("[" + ALPHA + "]");
    private static final Pattern STARTS_LOWER = Pattern.compile("^[\\p{Lower}]");
    private static final Pattern STARTS_DIGITS = Pattern.compile("^[0-9]+");

    /** Moses' English non-breaking prefixes (1 = always, 2 = only before a number). */
    private static final Map<String, Integer> PREFIXES = prefixes();

    private static Map<String, Integer> prefixes() {
        java.util.HashMap<String, Integer> m = new java.util.HashMap<>();
        for (char c = 'A'; c <= 'Z'; c++) {
            m.put(String.valueOf(c), 1);
        }
        for (String p : ("Adj Adm Adv Asst Bart Bldg Brig Bros Capt Cmdr Col Comdr Con Corp Cpl DR Dr Drs Ens Gen Gov Hon Hr Hosp "
                + "Insp Lt MM MR MRS MS Maj Messrs Mlle Mme Mr Mrs Ms Msgr Op Ord Pfc Ph Prof Pvt Rep Reps Res Rev Rt Sen Sens Sfc "
                + "Sgt Sr St Supt Surg v vs i.e rev e.g Nos Nr Jan Feb Mar Apr Jun Jul Aug Sep Oct Nov Dec").split(" ")) {
            m.put(p, 1);
        }
        for (String p : new String[] {"No", "Art", "pp"}) {
            m.put(p, 2);
        }
        return Map.copyOf(m);
    }

    static String normalize(String line) {
        String s = " " + line + " ";
        s = SEP_OTHER.matcher(s).replaceAll(" $1 ");
        s = MULTI_DOT.matcher(s).replaceAll(" DOTMULTI$1");
        while (s.contains("DOTMULTI.")) {
            s = MULTI_DOT2.matcher(s).replaceAll("DOTDOTMULTI $1");
            s = s.replace("DOTMULTI.", "DOTDOTMULTI");
        }
        s = COMMA1.matcher(s).replaceAll("$1 , $2");
        s = COMMA2.matcher(s).replaceAll("$1 , $2");
        s = COMMA3.matcher(s).replaceAll("$1 , $2");
        s = QUOTE1.matcher(s).replaceAll("'");
        s = QUOTE2.matcher(s).replaceAll(" \" ");
        s = s.replace("–", "-").replace("--", "-");
        s = RM_DASH.matcher(s).replaceAll("$1 $2");
        s = CONT1.matcher(s).replaceAll("$1 ' $2");
        s = CONT2.matcher(s).replaceAll("$1 ' $2");
        s = CONT3.matcher(s).replaceAll("$1 ' $2");
        s = CONT4.matcher(s).replaceAll("$1 '$2");
        s = CONT5.matcher(s).replaceAll("$1 '$2");
        String[] words = s.trim().isEmpty() ? new String[0] : s.trim().split("[ \\t\\n\\r\\f]+");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.length() > 1 && w.endsWith(".")) {
                String pre = w.substring(0, w.length() - 1);
                Integer type = PREFIXES.get(pre);
                if (pre.contains(".") && HAS_ALPHA.matcher(pre).find()) {
                    sb.append(w.replace(".", ""));
                } else if ((type != null && type == 1) || (i < words.length - 1 && STARTS_LOWER.matcher(words[i + 1]).find())) {
                    sb.append(w);
                } else if (type != null && type == 2 && i < words.length - 1 && STARTS_DIGITS.matcher(words[i + 1]).find()) {
                    sb.append(w);
                } else {
                    sb.append(pre).append(" .");
                }
            } else {
                sb.append(w);
            }
            sb.append(' ');
        }
        s = sb.toString();
        while (s.contains("DOTDOTMULTI")) {
            s = s.replace("DOTDOTMULTI", "DOTMULTI.");
        }
        s = s.replace("DOTMULTI", ".");
        return WHITE.matcher(s).replaceAll(" ").trim().toLowerCase(java.util.Locale.ROOT);
    }
}
