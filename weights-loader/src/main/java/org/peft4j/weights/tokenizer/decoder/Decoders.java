package org.peft4j.weights.tokenizer.decoder;

import org.peft4j.weights.tokenizer.text.ByteLevelAlphabet;
import org.peft4j.weights.tokenizer.text.MatchList;
import org.peft4j.weights.tokenizer.text.SplitPattern;
import org.peft4j.weights.tokenizer.text.Utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The decoders of the Rust tokenizers library, one record each. */
public final class Decoders {
    private Decoders() {
    }

    /** Maps byte-alphabet characters back to bytes and decodes them as UTF-8 (invalid bytes become U+FFFD). */
    public record ByteLevel() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String t : tokens) {
                boolean allMapped = true;
                for (int i = 0; i < t.length() && allMapped; i++) allMapped = ByteLevelAlphabet.byteOf(t.charAt(i)) >= 0;
                if (allMapped) {
                    for (int i = 0; i < t.length(); i++) bytes.write(ByteLevelAlphabet.byteOf(t.charAt(i)));
                } else {
                    bytes.writeBytes(t.getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] b = bytes.toByteArray();
            return List.of(Utf8.decodeLossy(b, b.length));
        }
    }

    /** Joins WordPiece tokens: "##" continues a word, other tokens get a space; optional cleanup of spaces. */
    public record WordPiece(String prefix, boolean cleanup) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                if (i != 0) t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
                if (cleanup) t = cleanup(t);
                out.add(t);
            }
            return out;
        }

        /** The Rust library's WordPiece cleanup (note: it also turns " do not" into " don't"). */
        public static String cleanup(String s) {
            return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                    .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
                    .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
        }
    }

    /** Turns the replacement character back into spaces; the first token loses them unless prepending is off. */
    public record Metaspace(int replacement, boolean prependsToFirst) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                StringBuilder b = new StringBuilder(t.length());
                for (int k = 0; k < t.length(); ) {
                    int cp = t.codePointAt(k);
                    k += Character.charCount(cp);
                    if (cp == replacement) {
                        if (!(i == 0 && prependsToFirst)) b.append(' ');
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
                out.add(b.toString());
            }
            return out;
        }
    }

    /** Replaces the end-of-word suffix by a space (nothing after the last token). */
    public record BpeDecoder(String suffix) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
            return out;
        }
    }

    /**
     * Turns runs of {@code <0xNN>} tokens into text; a run that is not valid UTF-8 becomes one U+FFFD per
     * byte token.
     */
    public record ByteFallback() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            byte[] pending = new byte[16];
            int n = 0;
            for (String t : tokens) {
                int b = byteToken(t);
                if (b >= 0) {
                    if (n == pending.length) pending = java.util.Arrays.copyOf(pending, n * 2);
                    pending[n++] = (byte) b;
                    continue;
                }
                flush(pending, n, out);
                n = 0;
                out.add(t);
            }
            flush(pending, n, out);
            return out;
        }

        private static void flush(byte[] bytes, int n, List<String> out) {
            if (n == 0) return;
            if (Utf8.isValid(bytes, n)) out.add(new String(bytes, 0, n, StandardCharsets.UTF_8));
            else for (int i = 0; i < n; i++) out.add("\uFFFD");
        }

        private static int byteToken(String t) {
            if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') return -1;
            int hi = Character.digit(t.charAt(3), 16), lo = Character.digit(t.charAt(4), 16);
            return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
        }
    }

    /** Concatenates all tokens into one. */
    public record Fuse() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            return List.of(String.join("", tokens));
        }
    }

    /** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters of each token. */
    public record Strip(int content, int start, int stop) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                int[] cps = t.codePoints().toArray();
                int from = 0;
                for (int i = 0; i < start && i < cps.length && cps[i] == content; i++) from = i + 1;
                int to = cps.length;
                for (int i = 0; i < stop; i++) {
                    int idx = cps.length - i - 1;
                    if (idx < 0 || cps[idx] != content) break;
                    to = idx;
                }
                out.add(from >= to ? "" : new String(cps, from, to - from));
            }
            return out;
        }
    }

    /** Replaces the matches of a pattern in each token. */
    public record Replace(SplitPattern pattern, String content) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                MatchList m = new MatchList();
                pattern.findMatches(t, m);
                StringBuilder b = new StringBuilder(t.length());
                for (int i = 0; i < m.size(); i++) {
                    if (m.isMatch(i)) b.append(content);
                    else b.append(t, m.start(i), m.end(i));
                }
                out.add(b.toString());
            }
            return out;
        }
    }

    /** CTC: collapse repeats, drop the pad token, optionally clean up and turn the word delimiter into spaces. */
    public record Ctc(String padToken, String wordDelimiterToken, boolean cleanup) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>();
            String previous = null;
            for (String t : tokens) {
                if (t.equals(previous)) continue;
                previous = t;
                String r = t.replace(padToken, "");
                if (cleanup) r = WordPiece.cleanup(r).replace(wordDelimiterToken, " ");
                if (!r.isEmpty()) out.add(r);
            }
            return out;
        }
    }

    /** Applies decoders one after the other. */
    public record Sequence(List<Decoder> decoders) implements Decoder {
        public Sequence {
            decoders = List.copyOf(decoders);
        }

        @Override
        public List<String> decodeChain(List<String> tokens) {
            for (Decoder d : decoders) tokens = d.decodeChain(tokens);
            return tokens;
        }
    }
}
