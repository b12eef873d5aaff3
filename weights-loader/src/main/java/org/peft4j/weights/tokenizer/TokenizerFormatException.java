package org.peft4j.weights.tokenizer;

/**
 * A tokenizer.json that cannot be used: malformed JSON, a missing or mistyped field, an unknown component
 * type. The message names the JSON path (e.g. {@code $.pre_tokenizer.pretokenizers[1].type}) and what was
 * expected and found there.
 */
public class TokenizerFormatException extends RuntimeException {
    private final String path;
    private final String detail;

    public TokenizerFormatException(String path, String message) {
        super("tokenizer.json at " + path + ": " + message);
        this.path = path;
        this.detail = message;
    }

    public TokenizerFormatException(String path, String message, Throwable cause) {
        super("tokenizer.json at " + path + ": " + message, cause);
        this.path = path;
        this.detail = message;
    }

    /** Where in the JSON the problem is. */
    public String path() {
        return path;
    }

    /** The problem, without the path. */
    public String detail() {
        return detail;
    }
}
