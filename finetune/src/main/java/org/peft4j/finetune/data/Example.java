package org.peft4j.finetune.data;

import java.util.Objects;

/**
 * One labelled example. Exactly one of the three targets is meaningful, as the task's type says:
 * {@code label} (a class index, else -1), {@code target} (a real number, else NaN) or
 * {@code targetText} (a reference text, else null). {@code textPair} is null for single-text
 * tasks. {@code source} and {@code line} say where the example was read (line is 1-based).
 */
public record Example(String text, String textPair, int label, float target, String targetText,
                      String source, long line) {

    public Example {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }

    public static Example classification(String text, String textPair, int label, String source, long line) {
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0, was " + label);
        }
        return new Example(text, textPair, label, Float.NaN, null, source, line);
    }

    public static Example regression(String text, String textPair, float target, String source, long line) {
        if (!Float.isFinite(target)) {
            throw new IllegalArgumentException("target must be finite, was " + target);
        }
        return new Example(text, textPair, -1, target, null, source, line);
    }

    public static Example generation(String text, String targetText, String source, long line) {
        Objects.requireNonNull(targetText, "targetText");
        return new Example(text, null, -1, Float.NaN, targetText, source, line);
    }

    public boolean hasPair() {
        return textPair != null;
    }

    /** "file:line", for messages. */
    public String where() {
        return source + ":" + line;
    }
}
