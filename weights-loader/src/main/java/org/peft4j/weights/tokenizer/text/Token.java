package org.peft4j.weights.tokenizer.text;

/**
 * A token produced by a model or matched as an added token: its id, its string, and its [start, end)
 * range in the normalized text of the piece it came from.
 */
public record Token(int id, String value, int start, int end) {
}
