package org.peft4j.weights.tokenizer.model;

import org.peft4j.weights.tokenizer.text.Token;

import java.util.ArrayList;
import java.util.List;

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
        List<Token> out = new ArrayList<>(4);
        tokenize(word, (id, start, end) -> out.add(new Token(id, vocab.token(id), start, end)));
        return out;
    }

    @Override
    public void tokenize(String word, TokenSink sink) {
        int n = word.length();
        if (n > maxInputCharsPerWord && word.codePointCount(0, n) > maxInputCharsPerWord) {
            sink.accept(unkId(), 0, n);
            return;
        }
        TokenIndex index = vocab.index();
        // Most words are one vocabulary token: try the whole word before anything else.
        int whole = index.get(word);
        if (whole >= 0) {
            sink.accept(whole, 0, n);
            return;
        }
        // Pieces are collected first: a word with an unmatchable rest becomes a single unknown token.
        int[] pieces = new int[3 * 4];
        int count = 0;
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
            if (id < 0) {
                sink.accept(unkId(), 0, n);
                return;
            }
            if (3 * count + 3 > pieces.length) pieces = java.util.Arrays.copyOf(pieces, pieces.length * 2);
            pieces[3 * count] = id;
            pieces[3 * count + 1] = start;
            pieces[3 * count + 2] = end;
            count++;
            start = end;
        }
        for (int k = 0; k < count; k++) sink.accept(pieces[3 * k], pieces[3 * k + 1], pieces[3 * k + 2]);
    }

    private int unkId() {
        int id = vocab.id(unkToken);
        if (id < 0) throw new IllegalStateException("WordPiece unknown token \"" + unkToken + "\" is not in the vocabulary");
        return id;
    }

    @Override
    public Vocab vocabulary() {
        return vocab;
    }
}
