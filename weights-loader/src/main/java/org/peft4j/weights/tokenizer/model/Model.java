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

    /** Id of a vocabulary token, or -1. */
    int tokenToId(String token);

    /** Vocabulary token of an id, or null. */
    String idToToken(int id);

    int vocabSize();

    /** The vocabulary, token to id. */
    Map<String, Integer> vocab();
}
