package org.peft4j.federated.protocol;

/** The challenge-response failed: wrong key on one side, a forged proof, or a frame whose MAC does not verify. */
public final class AuthenticationException extends ProtocolException {
    public AuthenticationException(String peer, String message) { super(peer, message); }
    public AuthenticationException(String peer, String message, Throwable cause) { super(peer, message, cause); }
}
