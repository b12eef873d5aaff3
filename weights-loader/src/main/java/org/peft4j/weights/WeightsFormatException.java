package org.peft4j.weights;

import java.io.IOException;

/**
 * A weights, index or config file that does not follow its format. The message always says where (the file, and
 * when known the tensor and the byte offset), what was expected and what was found; the parts are also available
 * separately so callers (the federated server, the CLI) can report them in their own words.
 */
public class WeightsFormatException extends IOException {
    private final String source;
    private final String tensor;
    private final long byteOffset;
    private final String problem;

    /**
     * @param source     the file (or "<bytes>" for an in-memory payload)
     * @param tensor     the tensor concerned, or null
     * @param byteOffset absolute byte offset in the source, or -1 when not meaningful
     * @param problem    what was expected and what was found
     */
    public WeightsFormatException(String source, String tensor, long byteOffset, String problem) {
        this(source, tensor, byteOffset, problem, null);
    }

    public WeightsFormatException(String source, String tensor, long byteOffset, String problem, Throwable cause) {
        super(format(source, tensor, byteOffset, problem), cause);
        this.source = source;
        this.tensor = tensor;
        this.byteOffset = byteOffset;
        this.problem = problem;
    }

    private static String format(String source, String tensor, long byteOffset, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (tensor != null) sb.append(": tensor '").append(tensor).append('\'');
        if (byteOffset >= 0) sb.append(tensor != null ? " at byte " : ": at byte ").append(byteOffset);
        return sb.append(": ").append(problem).toString();
    }

    /** The file or payload that is malformed. */
    public String source() { return source; }

    /** The tensor concerned, or null when the problem is not about one tensor. */
    public String tensor() { return tensor; }

    /** What was expected and what was found, without the location prefix. */
    public String problem() { return problem; }

    /** Absolute byte offset in the source where the problem was found, or -1. */
    public long byteOffset() { return byteOffset; }
}
