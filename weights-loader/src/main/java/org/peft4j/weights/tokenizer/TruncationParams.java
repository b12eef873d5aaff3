package org.peft4j.weights.tokenizer;

/**
 * How to cut encodings that are too long: at most {@code maxLength} tokens including the special tokens
 * the post-processor adds, {@code stride} tokens of overlap between overflowing windows.
 */
public record TruncationParams(int maxLength, Strategy strategy, int stride, Direction direction) {
    /** Which sequence of a pair loses tokens. */
    public enum Strategy {
        /** Cut the longer sequence first (token by token, as the Rust library computes it). */
        LONGEST_FIRST,
        ONLY_FIRST,
        ONLY_SECOND
    }

    /** Which end loses tokens. */
    public enum Direction { RIGHT, LEFT }

    public TruncationParams {
        if (maxLength < 0) throw new IllegalArgumentException("truncation max_length must be >= 0, got " + maxLength);
        if (stride < 0) throw new IllegalArgumentException("truncation stride must be >= 0, got " + stride);
        if (strategy == null || direction == null) throw new IllegalArgumentException("strategy and direction are required");
    }

    /** Longest-first truncation from the right, no stride. */
    public static TruncationParams longestFirst(int maxLength) {
        return new TruncationParams(maxLength, Strategy.LONGEST_FIRST, 0, Direction.RIGHT);
    }
}
