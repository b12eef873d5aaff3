package org.peft4j.peft;

/** A PEFT configuration that does not fit the model it is applied to (no matching module, rank too large, ...). */
public class PeftConfigException extends IllegalArgumentException {
    public PeftConfigException(String message) { super(message); }
}
