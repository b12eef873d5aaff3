package org.peft4j.peft;

/** An adapter folder or tensor set that cannot be read or does not fit the model (wrong keys, shapes, architecture). */
public class AdapterFormatException extends IllegalArgumentException {
    public AdapterFormatException(String message) { super(message); }

    public AdapterFormatException(String message, Throwable cause) { super(message, cause); }
}
