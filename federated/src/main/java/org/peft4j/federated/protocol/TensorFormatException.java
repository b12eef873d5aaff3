package org.peft4j.federated.protocol;

/** A tensor section (safetensors bytes) is invalid; the message says which tensor, field or byte offset. */
public final class TensorFormatException extends RuntimeException {
    public TensorFormatException(String message) { super(message); }
    public TensorFormatException(String message, Throwable cause) { super(message, cause); }
}
