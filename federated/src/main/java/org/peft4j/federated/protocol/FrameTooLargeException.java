package org.peft4j.federated.protocol;

/** A declared length (frame payload, JSON header, tensor header) exceeded the configured bound; nothing was allocated for it. */
public final class FrameTooLargeException extends ProtocolException {
    public FrameTooLargeException(String peer, String message) { super(peer, message); }
    public FrameTooLargeException(String peer, String message, Throwable cause) { super(peer, message, cause); }
}
