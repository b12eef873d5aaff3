package org.peft4j.federated.protocol;

import java.io.IOException;

/**
 * Base of every wire-level failure: the peer sent something the protocol does not allow, sent it too slowly,
 * or went away. The message names the peer (address or client id) and what was expected versus found.
 * Subclasses let callers react by kind (drop the client, retry, give up) without parsing messages.
 */
public class ProtocolException extends IOException {
    private final String peer;

    public ProtocolException(String peer, String message) {
        this(peer, message, null);
    }

    public ProtocolException(String peer, String message, Throwable cause) {
        super(peer + ": " + message, cause);
        this.peer = peer;
    }

    /** The peer this failure concerns (address, or client id once known). */
    public String peer() { return peer; }
}
