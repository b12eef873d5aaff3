package org.peft4j.finetune.metrics.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tokenization the MS-COCO caption scorers apply before ROUGE-L, CIDEr and METEOR: Stanford
 * CoreNLP 3.4.1's {@code PTBTokenizer -preserveLines -lowerCase}, then removal of punctuation
 * tokens. This is a re-implementation of the PTBLexer rules that matter for English prose, run the
 * way JFlex runs them: at each position every rule is tried, the longest match (counting any
 * trailing context) wins, ties go to the earlier rule.
 *
 * <p>Checked token for token against CoreNLP 3.4.1 on all E2E test and dev references, a system's
 * outputs, and a set of edge cases (see PtbTokenizerTest). Not reproduced: SGML beyond simple tags,
 * fractions, phone numbers, the Americanize option (off by default) and some rare abbreviations.
 *
 * <p>Like the scorer, a batch of texts is tokenized as one document with a line per text, because
 * some rules look past the end of a line (a period after an abbreviation is duplicated when the
 * next line starts with an upper-case letter).
 */
public final class PtbTokenizer {
    private PtbTokenizer() {}

    /** Tokens the coco-caption tokenizer drops after PTB tokenization. */
    public static final Set<String> PUNCTUATION = Set.of("''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-",
            ".", "?", "!", ",", ":", "-", "--", "...", ";");

    private static final String LETTER = "[\\p{L}\\p{M}\\u00AD]";
    private static final String DIGIT = "\\p{Nd}";
    private static final String ALNUM = "[\\p{IsAlphabetic}\\p{Nd}]";
    private static final String APOS = "['\\u0092\\u2019\\u00B4]";
    private static final String APOSETC = "['\\u0092\\u2019\\u00B4`\\u0091\\u2018\\u201B]";
    private static final String SPACE = "[ \\t\\u00A0\\u2000-\\u200A\\u3000]";
    private static final String NL = "(?:\\r\\n|[\\r\\n\\u2028\\u2029\\u000B\\u000C\\u0085])";
    private static final String SPACENL = "(?:" + SPACE + "|" + NL + ")";
    private static final String SGML = "<\\/?[A-Za-z!][^>\\r\\n]*>";
    private static final String SENTEND = SPACENL + "(?:" + SPACENL + "|\\p{Lu}|" + SGML + ")";
    private static final String WORD = LETTER + "(?:" + LETTER + "|" + DIGIT + ")*(?:[.!?]" + LETTER + "(?:" + LETTER + "|" + DIGIT + ")*)*";
    private static final String REDAUX = APOS + "(?:[msdMSD]|(?i:re|ve|ll))";
    private static final String SWORD = "[\\p{IsAlphabetic}\\u00AD]*[A-MO-Za-mo-z]\\u00AD*";
    private static final String SREDAUX = "(?i:n)" + APOSETC + "(?i:t)";
    private static final String APOWORD = APOS + "(?i:n)" + APOS + "?|[lLdDjJ]" + APOS + "|(?i:dunkin|somethin|ol)" + APOS
            + "|" + APOS + "(?i:em)|(?i:diff)" + APOSETC + "(?i:rent)|[A-HJ-XZn]" + APOSETC + "\\p{L}{2}\\p{L}*|" + APOS + "[2-9]0(?i:s)"
            + "|" + APOS + "(?i:till?)|\\p{L}\\p{L}*[aeiouyAEIOUY]" + APOSETC + "[aeiouA-Z]\\p{L}*|" + APOS + "(?i:cause)"
            + "|(?i:cont'd\\.?|nor'easter|c'mon|e'er|s'mores|ev'ry|li'l|nat'l)|O" + APOSETC + "(?i:o)";
    private static final String NUM = "(?:" + DIGIT + "*(?:[.:,\\u00AD\\u066B\\u066C]" + DIGIT + "+)+|" + DIGIT + "+)";
    private static final String NUMBER = "[-+]?" + NUM;
    private static final String HYPHEN = "[-_\\u058A\\u2010\\u2011]";
    private static final String APOPREFIX = "(?:[dDoOlL]" + APOSETC + ALNUM + ")?";
    private static final String THING = APOPREFIX + "(?:" + ALNUM + "+|" + NUMBER + ")(?:" + HYPHEN + APOPREFIX + "(?:" + ALNUM + "+|" + NUM + "))*";
    private static final String THINGA = "[A-Z]+(?:(?:[+&]|&amp;)[A-Z]+)+";
    private static final String THING3 = ALNUM + "+(?:-\\p{IsAlphabetic}+){0,2}(?:\\\\?/" + ALNUM + "+(?:-\\p{IsAlphabetic}+){0,2}){1,2}";
    private static final String ACRO = "[A-Za-z](?:\\.[A-Za-z])+";
    private static final String HTHING = ALNUM + "[\\p{IsAlphabetic}\\p{Nd}.,\\u00AD]*(?:-(?:[\\p{IsAlphabetic}\\p{Nd}\\u00AD]+|" + ACRO + "\\.))+";
    private static final String ABMONTH = "(?i:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
    private static final String ABDAYS = "(?i:mon|tues|tue|wed|thurs|thu|fri)";
    private static final String ABSTATE = "(?:(?i:ala|ariz|calif|colo|conn|dak|fla|ga|ind|kans|kan|ky|md|mich|minn|mo|mont|neb|nev|okla|penn|pa|tenn|tex|va|vt|wisc|wis|wyo)"
            + "|A(?i:rk)|D(?i:el)|I(?i:ll)|M(?i:ass)|M(?i:iss)|O(?i:re)|W(?i:ash)|L(?i:a))";
    private static final String ABCOMP = "(?i:inc|cos|co|corp|ptys|pty|ptes|pte|ppty|ltd|plc|bancorp|dept|bhd|assn|univ|intl|sys)";
    private static final String ABNUM = "(?i:ph|tel|est|ext|sq|ft)";
    // Abbreviations that keep their period only before a number ("No. 5"); elsewhere "no." ends a sentence.
    private static final String ABBREV3 = "(?i:ca|figs|fig|prop|nos|no|art|bld|pp|op)\\.";
    // Acronyms keep their period and also end the sentence only before these words (case-sensitive first letter).
    private static final String ACRONYM_BLOCKER = "(?:[A](?i:bout|ccording|dditionally|fter|n|s|t)|A|[B](?i:ut)|[E](?i:arlier)|[H](?i:e|er|ere|owever)"
            + "|[I](?i:f|n|t)|[L](?i:ast)|[M](?i:any|ore|r\\.|s\\.)|[N](?i:ow)|[O](?i:nce|ne|ther|ur)|[S](?i:he|ince|o|ome|uch)"
            + "|[T](?i:hat|he|hen|here|hese|hey|his)|[W](?i:e|hen|hile|hat)|[Y](?i:et|ou))";
    private static final String ABPTIT = "(?i:jr|sr|bros|ed\\.d|ph\\.d|blvd|rd|esq)";
    // Longer alternatives first: Java takes the first alternative that fits, JFlex the longest match.
    private static final String ABBREV1 = "(?:" + ABPTIT + "|" + ABMONTH + "|" + ABDAYS + "|" + ABSTATE + "|" + ABCOMP + "|" + ABNUM
            + "|(?i:etc|al|seq))\\.";
    private static final String ABTITLE = "(?i:mrs|mr|ms|messrs|drs|dr|profs|prof|sens|sen|reps|rep|attys|atty|lt|col|gen|govs|gov|adm|rev|maj|sgt|cpl|pvt|mt|capt|ste|st|ave|pres|lieut|hon|brig|cmdr|comdr|pfc|spc|supts|supt|det)|M(?i:iss)";
    private static final String ABBREV4 = "(?:" + ACRO + "|(?i:a\\.k\\.a)|" + ABTITLE + "|(?i:vs|alex|wm|jos|cie|cf|treas|invt|elec|natl|mfg|mtg)|[A-Za-z])";
    private static final String INSENTP = "[,;:]";
    private static final String QUOTES = APOS + "|''|[`\\u2018\\u2019\\u201A\\u201B\\u201C\\u201D\\u0091\\u0092\\u0093\\u0094\\u201E\\u201F\\u2039\\u203A\\u00AB\\u00BB]{1,2}";
    private static final String MISCSYMBOL = "[\\u00A6\\u00A7\\u00A8\\u00A9\\u00AC\\u00AE\\u00AF\\u00B0-\\u00BA\\u00D7\\u00F7\\u2020-\\u2023\\u2032-\\u2038\\u2044\\u2100-\\u214F\\u2190-\\u21FF\\u2200-\\u22FF\\u2600-\\u26FF]";

    private enum Action { PHONE, TOKEN, SKIP, NEWLINE, CANNOT, ASSIMILATION, DUPLICATE_PERIOD, ACRONYM_END, DASH, AMP,
        CURRENCY, LEFT_QUOTE, RIGHT_QUOTE, BRACKET, ELLIPSIS, FRACTION, DELETE }

    private record Rule(Pattern pattern, Action action) {}

    private static final List<Rule> RULES = new ArrayList<>();
    /** Per first character, the rules that can match starting with it (a sound filter; saves most regex calls). */
    private static final java.util.concurrent.ConcurrentHashMap<Character, int[]> CANDIDATES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Adds a rule {@code token/context}: the match length counts both, the token is only the first part. */
    private static void rule(String token, String context, Action action) {
        RULES.add(new Rule(Pattern.compile("(" + token + ")" + context), action));
    }

    static {
        rule("(?i:cannot)", "", Action.CANNOT);
        rule("(?i:gonna|gotta|lemme|gimme|wanna)", "", Action.ASSIMILATION);
        rule(SGML, "", Action.TOKEN);
        rule("&(?:MD|mdash|ndash);|[\\u0096\\u0097\\u2013\\u2014\\u2015]", "", Action.DASH);
        rule("&amp;", "", Action.AMP);
        rule("&(?:HT|TL|UR|LR|QC|QL|QR|odq|cdq|#[0-9]+);", "", Action.TOKEN);
        rule(WORD, REDAUX, Action.TOKEN);
        rule(SWORD, SREDAUX, Action.TOKEN);
        rule(WORD, "", Action.TOKEN);
        rule(APOWORD, "", Action.TOKEN);
        rule("y" + APOS, LETTER, Action.TOKEN);
        rule("(?:ftp|svn|svn\\+ssh|http|https|mailto)://[^ \\t\\n\\f\\r\"<>|(){}\\[\\]]+[^ \\t\\n\\f\\r\"'<>|.!?(){},;:&\\[\\]-]", "", Action.TOKEN);
        rule("(?:www\\.(?:[^ \\t\\n\\f\\r\"<>|.!?(){},]+\\.)+[a-zA-Z]{2,4}|(?:[^ \\t\\n\\f\\r\"`'<>|.!?(){},\\-_$]+\\.)+(?:com|net|org|edu))"
                + "(?:/[^ \\t\\n\\f\\r\"<>|()]+[^ \\t\\n\\f\\r\"<>|.!?(){},-])?", "", Action.TOKEN);
        rule("(?:mailto:)?[a-zA-Z0-9._%+-]+@[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]", "", Action.TOKEN);
        rule("[@\\uFF20][a-zA-Z_][a-zA-Z_0-9]*|[#\\uFF03]" + LETTER + "(?:" + LETTER + "|" + DIGIT + "|_)*(?:" + LETTER + "|" + DIGIT + ")", "", Action.TOKEN);
        rule(REDAUX, "[^A-Za-z]", Action.RIGHT_QUOTE);
        rule(SREDAUX, "", Action.RIGHT_QUOTE);
        rule(DIGIT + "{1,2}[-/]" + DIGIT + "{1,2}[-/]" + DIGIT + "{2,4}", "", Action.TOKEN);
        rule(NUMBER, "", Action.TOKEN);
        rule("[\\u207A\\u207B\\u208A\\u208B]?(?:[\\u2070\\u00B9\\u00B2\\u00B3\\u2074-\\u2079]+|[\\u2080-\\u2089]+)", "", Action.TOKEN);
        rule("(?:" + DIGIT + "{1,4}[- \\u00A0])?" + DIGIT + "{1,4}(?:\\\\?/|\\u2044)" + DIGIT + "{1,4}", "", Action.TOKEN);
        rule("[\\u00BC\\u00BD\\u00BE\\u2153-\\u215E]", "", Action.FRACTION);
        rule("-(?:RRB|LRB|RCB|LCB|RSB|LSB)-|C\\.D\\.s|(?i:pro|anti)-|S(?:&|&amp;)P-500|S(?:&|&amp;)Ls|(?i:cap)" + APOS + "n|c" + APOS + "est", "", Action.TOKEN);
        rule(THING3, "", Action.TOKEN);
        rule("[A-Z]*\\$|#", "", Action.TOKEN);
        rule("[\\u00A2\\u00A3\\u00A4\\u00A5\\u0080\\u20A0\\u20AA\\u20AC\\u20B9\\u060B\\u0E3F\\u20A4\\uFFE0\\uFFE1\\uFFE5\\uFFE6]", "", Action.CURRENCY);
        rule(ACRO + "\\.", SPACENL + "+" + ACRONYM_BLOCKER + SPACE, Action.ACRONYM_END);
        rule(APOS + "[tT]", "(?i:is|was)[^\\p{L}]", Action.TOKEN);
        rule(ABBREV3, SPACE + "+" + DIGIT, Action.TOKEN);
        rule(ABBREV1, SENTEND, Action.DUPLICATE_PERIOD);
        rule(ABBREV1, "", Action.TOKEN);
        rule(ABBREV4 + "\\.", "", Action.TOKEN);
        rule(ABBREV4, SPACE, Action.TOKEN);
        rule(ACRO, SPACENL, Action.TOKEN);
        rule(APOS + "[0-9][0-9]", SPACENL, Action.TOKEN);
        rule(WORD + "\\.", INSENTP, Action.TOKEN);
        rule("(?:\\([0-9]{3}\\)[ \\u00A0]?|[0-9]{3}[- \\u00A0.])[0-9]{3}[- \\u00A0.][0-9]{4}", "", Action.PHONE);
        rule("\"|&quot;", "[A-Za-z0-9$]", Action.LEFT_QUOTE);
        rule("\"|&quot;", "", Action.RIGHT_QUOTE);
        rule("\\+|[%&\\u2030\\u2031]|[~^]|[|\\\\]", "", Action.TOKEN);
        rule("[\\[\\]{}()]", "", Action.BRACKET);
        rule("[<>]|&lt;|&gt;", "", Action.TOKEN);
        rule("-+", "", Action.DASH);
        rule("\\.{3,5}|(?:\\.[ \\u00A0]){2,4}\\.|[\\u0085\\u2026]", "", Action.ELLIPSIS);
        rule("@+|#+|_+", "", Action.TOKEN);
        rule("\\*+|(?:\\\\\\*){1,3}", "", Action.TOKEN);
        rule(INSENTP, "", Action.TOKEN);
        rule("[?!]+", "", Action.TOKEN);
        rule("[.\\u00A1\\u00BF\\u037E\\u0589\\u061F\\u06D4\\u0700-\\u0702\\u07FA]", "", Action.TOKEN);
        rule("=", "", Action.TOKEN);
        rule("/", "", Action.TOKEN);
        rule(HTHING + "\\.", INSENTP, Action.TOKEN);
        rule(HTHING, "", Action.TOKEN);
        rule(THING + "\\.", INSENTP, Action.TOKEN);
        rule(THING, "", Action.TOKEN);
        rule(THINGA + "\\.", INSENTP, Action.AMP);
        rule(THINGA, "", Action.AMP);
        rule("'", "[A-Za-z][^ \\t\\n\\r\\u00A0]", Action.LEFT_QUOTE);
        rule(REDAUX, "", Action.RIGHT_QUOTE);
        rule(QUOTES, "", Action.RIGHT_QUOTE);
        rule(MISCSYMBOL, "", Action.TOKEN);
        rule("\\x00|" + SPACE + "+|[\\u200B\\u200E\\u200F\\uFEFF]", "", Action.SKIP);
        rule(NL, "", Action.NEWLINE);
        rule("&nbsp;", "", Action.SKIP);
    }

    /**
     * Tokenizes {@code texts} as one document with one text per line (newlines inside a text become
     * spaces) and returns, per text, its tokens lower-cased with the punctuation tokens removed,
     * joined by single spaces: exactly the strings ROUGE-L and CIDEr are computed on.
     */
    public static List<String> tokenizeForScoring(List<String> texts) {
        List<List<String>> lines = tokenizeLines(texts);
        List<String> out = new ArrayList<>(lines.size());
        for (List<String> line : lines) {
            out.add(String.join(" ", line.stream().filter(t -> !PUNCTUATION.contains(t)).toList()));
        }
        return out;
    }

    /** The raw PTB tokens (lower-cased, punctuation kept) of each text, tokenized as one document. */
    public static List<List<String>> tokenizeLines(List<String> texts) {
        StringBuilder doc = new StringBuilder();
        for (String t : texts) {
            doc.append(t.replace('\n', ' ').replace('\r', ' ')).append('\n');
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> current = new ArrayList<>();
        String s = doc.toString();
        Matcher[] matchers = new Matcher[RULES.size()];
        for (int r = 0; r < matchers.length; r++) {
            matchers[r] = RULES.get(r).pattern().matcher(s);
        }
        int pos = 0;
        while (pos < s.length()) {
            int best = -1, bestLen = 0, tokenEnd = 0;
            for (int r : CANDIDATES.computeIfAbsent(s.charAt(pos), PtbTokenizer::candidates)) {
                Matcher m = matchers[r];
                m.region(pos, s.length());
                if (m.lookingAt() && m.end() - pos > bestLen) {
                    best = r;
                    bestLen = m.end() - pos;
                    tokenEnd = m.end(1);
                }
            }
            if (best < 0) {
                pos++; // untokenizable character: deleted, as PTBTokenizer does by default
                continue;
            }
            String tok = s.substring(pos, tokenEnd);
            int next = tokenEnd;
            switch (RULES.get(best).action()) {
                case TOKEN -> current.add(tok.replace(' ', '\u00A0'));
                case PHONE -> current.add(tok.replace(' ', '\u00A0').replace("(", "-LRB-").replace(")", "-RRB-"));
                case SKIP, DELETE -> { }
                case NEWLINE -> {
                    lines.add(lowerCase(current));
                    current = new ArrayList<>();
                }
                case CANNOT -> {
                    current.add(tok.substring(0, 3));
                    next = pos + 3;
                }
                case ASSIMILATION -> {
                    current.add(tok.substring(0, tok.length() - 2));
                    next = tokenEnd - 2;
                }
                case DUPLICATE_PERIOD -> {
                    current.add(tok);
                    next = tokenEnd - 1;
                }
                case ACRONYM_END -> {
                    // "I." gives "I" and "."; longer acronyms keep their period and also yield a "."
                    current.add(tok.length() == 2 ? tok.substring(0, 1) : tok);
                    next = tokenEnd - 1;
                }
                case DASH -> current.add(tok.startsWith("-") && (tok.length() < 3 || tok.length() > 4) ? tok : "--");
                case AMP -> current.add(tok.replaceAll("(?i:&amp;)", "&"));
                case CURRENCY -> current.add(tok.replace("\u00A2", "cents").replace("\u00A3", "#")
                        .replaceAll("[\\u0080\\u00A4\\u20A0\\u20AC]", "\\$"));
                case LEFT_QUOTE -> current.add(latexQuote(tok, true));
                case RIGHT_QUOTE -> current.add(latexQuote(tok, false));
                case BRACKET -> current.add(switch (tok) {
                    case "(" -> "-LRB-";
                    case ")" -> "-RRB-";
                    case "[" -> "-LSB-";
                    case "]" -> "-RSB-";
                    case "{" -> "-LCB-";
                    default -> "-RCB-";
                });
                case ELLIPSIS -> current.add("...");
                case FRACTION -> current.add(tok.replace("\u00BC", "1/4").replace("\u00BD", "1/2").replace("\u00BE", "3/4"));
            }
            pos = next;
        }
        if (!current.isEmpty()) {
            lines.add(lowerCase(current));
        }
        return lines;
    }

    /** Rules that match, or might match with more input, a text starting with {@code c}. */
    private static int[] candidates(char c) {
        String one = String.valueOf(c);
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < RULES.size(); r++) {
            Matcher m = RULES.get(r).pattern().matcher(one);
            if (m.lookingAt() || m.hitEnd()) {
                out.add(r);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String latexQuote(String tok, boolean probablyLeft) {
        String s = probablyLeft
                ? tok.replaceAll("&apos;|'", "`").replaceAll("\"|&quot;", "``")
                : tok.replaceAll("&apos;|'", "'").replaceAll("\"|&quot;", "''");
        s = s.replaceAll("[\\u0091\\u2018\\u201B\\u2039]", "`").replaceAll("[\\u0092\\u2019\\u203A]", "'");
        return s.replaceAll("[\\u0093\\u201C\\u00AB]", "``").replaceAll("[\\u0094\\u201D\\u00BB]", "''");
    }

    private static List<String> lowerCase(List<String> tokens) {
        return tokens.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }
}
