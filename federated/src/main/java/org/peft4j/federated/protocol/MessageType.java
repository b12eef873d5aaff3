package org.peft4j.federated.protocol;

/** The message kinds of the federated protocol and their one-byte wire codes (see PROTOCOL.md). */
public enum MessageType {
    HELLO(1),
    CHALLENGE(2),
    AUTH_RESPONSE(3),
    AUTH_OK(4),
    ROUND_CONFIG(5),
    GLOBAL_ADAPTER(6),
    CLIENT_UPDATE(7),
    EVAL_REQUEST(8),
    EVAL_RESULT(9),
    ERROR(10),
    LEAVE(11);

    private static final MessageType[] BY_CODE = new MessageType[256];
    static {
        for (MessageType t : values()) BY_CODE[t.code] = t;
    }

    private final int code;

    MessageType(int code) { this.code = code; }

    public int code() { return code; }

    /** The type for a wire code, or null when the code names no type. */
    public static MessageType fromCode(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }
}
