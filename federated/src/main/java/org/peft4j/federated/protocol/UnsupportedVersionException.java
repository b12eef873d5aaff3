package org.peft4j.federated.protocol;

/** A frame carried a protocol version this implementation does not speak. */
public final class UnsupportedVersionException extends ProtocolException {
    public UnsupportedVersionException(String peer, String message) { super(peer, message); }
    public UnsupportedVersionException(String peer, String message, Throwable cause) { super(peer, message, cause); }
}
