package org.peft4j.federated.protocol;

/** The peer closed the connection cleanly between frames. */
public final class PeerClosedException extends ProtocolException {
    public PeerClosedException(String peer, String message) { super(peer, message); }
    public PeerClosedException(String peer, String message, Throwable cause) { super(peer, message, cause); }
}
