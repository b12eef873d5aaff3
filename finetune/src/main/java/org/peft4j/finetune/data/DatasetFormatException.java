package org.peft4j.finetune.data;

/**
 * A dataset file (or a user's own file) that cannot be read as expected. The message always names
 * the source and, where one applies, the 1-based line, then what was expected and what was found.
 */
public final class DatasetFormatException extends RuntimeException {
    private final String source;
    private final long line;

    public DatasetFormatException(String source, long line, String problem) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public DatasetFormatException(String source, long line, String problem, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.source = source;
        this.line = line;
    }

    /** The file (or classpath resource) the problem was found in. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    public long line() {
        return line;
    }
}
