package org.peft4j.weights.tokenizer;

/**
 * A token matched in the raw text before the model runs (special tokens such as {@code [CLS]}, and user
 * tokens). {@code normalized}: matched in the normalized text rather than the raw one; {@code lstrip} /
 * {@code rstrip}: swallows white space on that side; {@code singleWord}: only matches a whole word;
 * {@code special}: skipped by {@code decode(..., skipSpecialTokens = true)}.
 */
public record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
                         boolean normalized, boolean special) {
    public AddedToken {
        if (content == null || content.isEmpty()) throw new IllegalArgumentException("added token content must not be empty");
    }
}
