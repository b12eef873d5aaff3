package org.peft4j.federated.protocol;

/** A frame did not start with the protocol's magic bytes: the peer does not speak this protocol or the stream lost sync. */
public final class BadMagicException extends ProtocolException {
    public BadMagicException(String peer, String message) { super(peer, message); }
    public BadMagicException(String peer, String message, Throwable cause) { super(peer, message, cause); }
}
