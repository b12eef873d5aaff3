package org.peft4j.transformer.models;

/**
 * A model folder or config that cannot be turned into a model: unknown model_type, a config field missing or out
 * of range, a tensor missing or shaped differently from what the config implies. The message names the file, the
 * field or tensor, what was expected and what was found.
 */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) { super(message); }

    public ModelLoadException(String message, Throwable cause) { super(message, cause); }
}
