package org.peft4j.federated.protocol;

/** The peer answered with an ERROR message; {@link #code()} is its machine-readable reason. */
public final class RemoteErrorException extends ProtocolException {
    private final String code;

    public RemoteErrorException(String peer, String code, String message) {
        super(peer, "peer reported error '" + code + "': " + message);
        this.code = code;
    }

    public String code() { return code; }
}
