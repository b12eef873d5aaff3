package org.peft4j.federated.protocol;

/** A frame arrived whole but its content is invalid: bad JSON, a missing or mistyped field, or an invalid tensor section. */
public final class MalformedPayloadException extends ProtocolException {
    public MalformedPayloadException(String peer, String message) { super(peer, message); }
    public MalformedPayloadException(String peer, String message, Throwable cause) { super(peer, message, cause); }
}
