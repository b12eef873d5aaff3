package org.peft4j.weights.tokenizer;

import org.peft4j.weights.tokenizer.model.Model;
import org.peft4j.weights.tokenizer.normalizer.Normalizer;
import org.peft4j.weights.tokenizer.text.CharClasses;
import org.peft4j.weights.tokenizer.text.NormalizedString;
import org.peft4j.weights.tokenizer.text.PreTokenizedString;
import org.peft4j.weights.tokenizer.text.Token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The added tokens of a tokenizer and their extraction from input text: tokens with {@code normalized ==
 * false} are found in the raw text first, then each remaining piece is normalized and searched for the
 * normalized tokens (whose own text went through the normalizer too).
 */
final class AddedVocabulary {
    private final List<AddedToken> tokens;
    private final Map<String, AddedToken> byContent = new HashMap<>();
    private final Map<Integer, AddedToken> byId = new HashMap<>();
    private final Set<String> specialContents = new HashSet<>();
    private final List<AddedToken> rawTokens = new ArrayList<>();
    private final List<AddedToken> normalizedTokens = new ArrayList<>();
    private final TokenTrie rawTrie;
    private final TokenTrie normalizedTrie;

    AddedVocabulary(List<AddedToken> tokens, Normalizer normalizer) {
        this.tokens = List.copyOf(tokens);
        // The Rust library orders special tokens before the others when building its matchers.
        List<AddedToken> ordered = new ArrayList<>();
        for (AddedToken t : tokens) if (t.special()) ordered.add(t);
        for (AddedToken t : tokens) if (!t.special()) ordered.add(t);
        for (AddedToken t : ordered) {
            byContent.putIfAbsent(t.content(), t);
            byId.putIfAbsent(t.id(), t);
            if (t.special()) specialContents.add(t.content());
            (t.normalized() ? normalizedTokens : rawTokens).add(t);
        }
        List<String> raw = new ArrayList<>();
        for (AddedToken t : rawTokens) raw.add(t.content());
        List<String> norm = new ArrayList<>();
        for (AddedToken t : normalizedTokens) {
            NormalizedString n = NormalizedString.of(t.content());
            if (normalizer != null) normalizer.normalize(n);
            norm.add(n.get());
        }
        rawTrie = new TokenTrie(raw);
        normalizedTrie = new TokenTrie(norm);
    }

    List<AddedToken> tokens() {
        return tokens;
    }

    AddedToken byContent(String content) {
        return byContent.get(content);
    }

    AddedToken byId(int id) {
        return byId.get(id);
    }

    boolean isSpecial(String content) {
        return specialContents.contains(content);
    }

    /** Number of added tokens whose text is not already a model token. */
    int countNotIn(Model model) {
        int n = 0;
        for (String c : byContent.keySet()) if (model.tokenToId(c) < 0) n++;
        return n;
    }

    /** Splits out the added tokens and normalizes the rest. */
    PreTokenizedString extractAndNormalize(Normalizer normalizer, String text) {
        PreTokenizedString pts = new PreTokenizedString(text);
        pts.splitWithTokens((i, piece) -> splitOut(piece, rawTrie, rawTokens));
        pts.splitWithTokens((i, piece) -> {
            if (normalizer != null) normalizer.normalize(piece);
            return splitOut(piece, normalizedTrie, normalizedTokens);
        });
        return pts;
    }

    private static List<PreTokenizedString.Split> splitOut(NormalizedString piece, TokenTrie trie, List<AddedToken> patterns) {
        String s = piece.get();
        int[] m = trie.find(s, 0);
        if (m == null) return List.of(new PreTokenizedString.Split(piece));
        List<PreTokenizedString.Split> out = new ArrayList<>();
        int startOffset = 0;
        while (m != null) {
            AddedToken t = patterns.get(m[0]);
            int start = m[1], stop = m[2];
            int searchFrom = stop;
            boolean keep = true;
            if (t.singleWord()) {
                boolean startSpace = start == 0 || !CharClasses.isWordChar(s.codePointBefore(start));
                boolean stopSpace = stop == s.length() || !CharClasses.isWordChar(s.codePointAt(stop));
                keep = startSpace && stopSpace;
            }
            if (keep) {
                if (t.lstrip()) {
                    int newStart = start;
                    while (newStart > 0 && CharClasses.isWhitespace(s.codePointBefore(newStart))) {
                        newStart -= Character.charCount(s.codePointBefore(newStart));
                    }
                    start = Math.max(newStart, startOffset);
                }
                if (t.rstrip()) {
                    while (stop < s.length() && CharClasses.isWhitespace(s.codePointAt(stop))) {
                        stop += Character.charCount(s.codePointAt(stop));
                    }
                }
                if (startOffset < start) out.add(new PreTokenizedString.Split(piece.slice(startOffset, start)));
                NormalizedString matched = piece.slice(start, stop);
                out.add(new PreTokenizedString.Split(matched,
                        List.of(new Token(t.id(), matched.get(), 0, matched.length()))));
                startOffset = stop;
            }
            m = trie.find(s, searchFrom);
        }
        if (startOffset != s.length()) out.add(new PreTokenizedString.Split(piece.slice(startOffset, s.length())));
        return out;
    }
}
