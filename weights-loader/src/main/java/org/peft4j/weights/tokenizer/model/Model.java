package org.peft4j.weights.tokenizer.model;

import org.peft4j.weights.tokenizer.text.Token;

import java.util.List;
import java.util.Map;

/** Turns one pre-tokenized piece into tokens (offsets relative to the piece). Implementations are thread-safe. */
public interface Model {
    List<Token> tokenize(String piece);

    /**
     * Streams the tokens of {@code piece} to {@code sink} (the token strings are {@link #idToToken} of the
     * ids). The encoding hot path; implementations avoid building {@link Token} objects here.
     */
    default void tokenize(String piece, TokenSink sink) {
        for (Token t : tokenize(piece)) sink.accept(t.id(), t.start(), t.end());
    }

    /** The model's token table. */
    Vocab vocabulary();

    /** Id of a vocabulary token, or -1. */
    default int tokenToId(String token) { return vocabulary().id(token); }

    /** Vocabulary token of an id, or null. */
    default String idToToken(int id) { return vocabulary().token(id); }

    default int vocabSize() { return vocabulary().size(); }

    /** The vocabulary, token to id. */
    default Map<String, Integer> vocab() { return vocabulary().map(); }
}
