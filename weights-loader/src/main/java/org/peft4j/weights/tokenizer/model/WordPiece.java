package org.peft4j.weights.tokenizer.model;

import org.peft4j.weights.tokenizer.text.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BERT's WordPiece: greedy longest-match-first from the start of the word, pieces after the first carry
 * {@code continuingSubwordPrefix} ("##"); a word with an unmatchable rest, or longer than
 * {@code maxInputCharsPerWord} code points, is one unknown token spanning the word.
 */
public final class WordPiece implements Model {
    private final Vocab vocab;
    private final String unkToken;
    private final String prefix;
    private final int maxInputCharsPerWord;

    public WordPiece(Vocab vocab, String unkToken, String continuingSubwordPrefix, int maxInputCharsPerWord) {
        this.vocab = vocab;
        this.unkToken = unkToken;
        this.prefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    public String unkToken() {
        return unkToken;
    }

    public String continuingSubwordPrefix() {
        return prefix;
    }

    @Override
    public List<Token> tokenize(String word) {
        int n = word.length();
        if (word.codePointCount(0, n) > maxInputCharsPerWord) return List.of(unk(n));
        TokenIndex index = vocab.index();
        // Most words are one vocabulary token: try the whole word before anything else.
        int whole = index.get(word);
        if (whole >= 0) return List.of(new Token(whole, vocab.token(whole), 0, n));
        List<Token> out = new ArrayList<>(4);
        int[] rolling = new int[n + 1];
        int prefixHash = TokenIndex.prefixHash(prefix);
        int start = 0;
        while (start < n) {
            String p = start > 0 ? prefix : "";
            // Hashes of p + word[start, end) for every end, then the longest match first.
            int h = start > 0 ? prefixHash : 0;
            for (int e = start; e < n; e++) {
                h = TokenIndex.step(h, word.charAt(e));
                rolling[e + 1] = h;
            }
            int end = start == 0 ? n - Character.charCount(word.codePointBefore(n)) : n;
            int id = -1;
            while (start < end) {
                id = index.getRolling(rolling[end], p, word, start, end);
                if (id >= 0) break;
                end -= Character.charCount(word.codePointBefore(end));
            }
            if (id < 0) return List.of(unk(n));
            out.add(new Token(id, vocab.token(id), start, end));
            start = end;
        }
        return out;
    }

    private Token unk(int length) {
        int id = vocab.id(unkToken);
        if (id < 0) throw new IllegalStateException("WordPiece unknown token \"" + unkToken + "\" is not in the vocabulary");
        return new Token(id, unkToken, 0, length);
    }

    @Override
    public int tokenToId(String token) {
        return vocab.id(token);
    }

    @Override
    public String idToToken(int id) {
        return vocab.token(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public Map<String, Integer> vocab() {
        return vocab.map();
    }
}
