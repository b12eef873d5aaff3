package org.peft4j.weights.tokenizer.model;

/** Receives the tokens of one piece as a model produces them: id and [start, end) within the piece. */
@FunctionalInterface
public interface TokenSink {
    void accept(int id, int start, int end);
}
