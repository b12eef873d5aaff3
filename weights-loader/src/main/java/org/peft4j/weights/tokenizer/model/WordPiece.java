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
        List<Token> out = new ArrayList<>(2);
        int start = 0;
        while (start < n) {
            int end = n;
            int id = -1;
            String p = start > 0 ? prefix : "";
            while (start < end) {
                id = index.get(p, word, start, end, "");
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
