package org.peft4j.weights.config;

/** config.json names a {@code model_type} that peft4j has no implementation for. */
public final class UnsupportedModelTypeException extends ConfigFormatException {
    private final String modelType;

    public UnsupportedModelTypeException(String source, String modelType) {
        super(source, "model_type '" + modelType + "' is not supported: peft4j implements " + String.join(", ", ModelConfig.SUPPORTED_TYPES));
        this.modelType = modelType;
    }

    public String modelType() { return modelType; }
}
