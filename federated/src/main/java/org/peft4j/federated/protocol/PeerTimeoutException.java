package org.peft4j.federated.protocol;

/** The peer did not send the expected bytes in time (idle too long, or a frame stalled mid-transfer). */
public final class PeerTimeoutException extends ProtocolException {
    public PeerTimeoutException(String peer, String message) { super(peer, message); }
    public PeerTimeoutException(String peer, String message, Throwable cause) { super(peer, message, cause); }
}
