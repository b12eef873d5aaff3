package org.peft4j.federated.protocol;

/** The stream ended in the middle of a frame (or a length field pointed past the end of its container). */
public final class TruncatedFrameException extends ProtocolException {
    public TruncatedFrameException(String peer, String message) { super(peer, message); }
    public TruncatedFrameException(String peer, String message, Throwable cause) { super(peer, message, cause); }
}
