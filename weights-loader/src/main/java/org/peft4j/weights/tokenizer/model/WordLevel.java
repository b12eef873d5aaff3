package org.peft4j.weights.tokenizer.model;

import org.peft4j.weights.tokenizer.text.Token;

import java.util.List;

/** One token per word: the word's id, or the unknown token. */
public final class WordLevel implements Model {
    private final Vocab vocab;
    private final String unkToken;

    public WordLevel(Vocab vocab, String unkToken) {
        this.vocab = vocab;
        this.unkToken = unkToken;
    }

    @Override
    public List<Token> tokenize(String word) {
        int id = vocab.id(word);
        if (id >= 0) return List.of(new Token(id, vocab.token(id), 0, word.length()));
        int unk = vocab.id(unkToken);
        if (unk < 0) throw new IllegalStateException("WordLevel unknown token \"" + unkToken + "\" is not in the vocabulary");
        return List.of(new Token(unk, unkToken, 0, word.length()));
    }

    @Override
    public Vocab vocabulary() {
        return vocab;
    }
}
