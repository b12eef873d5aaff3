package org.peft4j.weights.safetensors;

import org.peft4j.weights.WeightsFormatException;

/** A safetensors file, payload or shard index that is malformed (see {@link WeightsFormatException} for the parts). */
public class SafetensorsFormatException extends WeightsFormatException {
    public SafetensorsFormatException(String source, String tensor, long byteOffset, String problem) {
        super(source, tensor, byteOffset, problem);
    }

    public SafetensorsFormatException(String source, String tensor, long byteOffset, String problem, Throwable cause) {
        super(source, tensor, byteOffset, problem, cause);
    }
}
