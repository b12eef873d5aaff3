package org.peft4j.weights.config;

import org.peft4j.weights.WeightsFormatException;

/** A config.json that is not valid JSON, has a key of the wrong type, or describes an impossible model. */
public class ConfigFormatException extends WeightsFormatException {
    public ConfigFormatException(String source, String problem) {
        super(source, null, -1, problem);
    }

    public ConfigFormatException(String source, long byteOffset, String problem, Throwable cause) {
        super(source, null, byteOffset, problem, cause);
    }
}
