package org.peft4j.federated.protocol;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames: fixed 12-byte header (magic, version, type, flags, payload length, big-endian), payload, and —
 * once {@link #enableMac} was called — a 32-byte HMAC tag. Counts bytes for the round log.
 */
public final class FrameWriter {
    private final OutputStream out;
    private final FrameLimits limits;
    private FrameMac mac;
    private long bytesWritten;

    public FrameWriter(OutputStream out, FrameLimits limits) {
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.limits = limits;
    }

    /** From now on every frame carries a MAC tag (called once the handshake agreed on a session key). */
    public synchronized void enableMac(FrameMac mac) { this.mac = mac; }

    public synchronized void write(MessageType type, byte[] payload) throws IOException {
        if (payload.length > limits.maxFrameBytes())
            throw new IllegalArgumentException("refusing to send a " + type + " frame of " + payload.length
                    + " bytes: the limit is " + limits.maxFrameBytes() + " (raise maxFrameBytes on both sides)");
        byte[] header = header(type, mac != null ? Frame.FLAG_MAC : 0, payload.length);
        out.write(header);
        out.write(payload);
        if (mac != null) out.write(mac.tag(header, payload));
        out.flush();
        bytesWritten += header.length + payload.length + (mac != null ? FrameMac.TAG_BYTES : 0);
    }

    public synchronized long bytesWritten() { return bytesWritten; }

    static byte[] header(MessageType type, int flags, int length) {
        byte[] h = new byte[Frame.HEADER_BYTES];
        System.arraycopy(Frame.MAGIC, 0, h, 0, 4);
        h[4] = (byte) (Frame.VERSION >>> 8);
        h[5] = (byte) Frame.VERSION;
        h[6] = (byte) type.code();
        h[7] = (byte) flags;
        h[8] = (byte) (length >>> 24);
        h[9] = (byte) (length >>> 16);
        h[10] = (byte) (length >>> 8);
        h[11] = (byte) length;
        return h;
    }
}
