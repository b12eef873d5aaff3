package org.peft4j.federated.protocol;

/** One frame as it travels: its message type and its payload bytes (JSON header plus tensor section). */
public record Frame(MessageType type, byte[] payload) {
    /** Bytes of the fixed frame header: magic (4), version (2), type (1), flags (1), payload length (4). */
    public static final int HEADER_BYTES = 12;
    /** "P4JF" */
    public static final byte[] MAGIC = {'P', '4', 'J', 'F'};
    public static final int VERSION = 1;
    /** Flag bit 0: a 32-byte HMAC tag follows the payload (mandatory after the handshake). */
    public static final int FLAG_MAC = 1;
}
