package org.peft4j.federated.protocol;

/** A well-formed message arrived that is not allowed at this point of the conversation. */
public final class UnexpectedMessageException extends ProtocolException {
    public UnexpectedMessageException(String peer, String message) { super(peer, message); }
    public UnexpectedMessageException(String peer, String message, Throwable cause) { super(peer, message, cause); }
}
