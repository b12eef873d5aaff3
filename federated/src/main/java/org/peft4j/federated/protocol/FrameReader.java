package org.peft4j.federated.protocol;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads frames from a socket with deadlines. Two clocks apply: the first byte of a frame must arrive by the
 * caller's deadline (how long a peer may stay idle), and the rest of the frame within {@link
 * FrameLimits#frameTimeout()} of that first byte (and never after the caller's overall deadline), so a peer that
 * trickles one byte at a time cannot pin a reader. Lengths are checked against the limits before any
 * allocation, and large payloads grow their buffer only as bytes actually arrive. After any exception the stream
 * is out of sync: close the connection.
 */
public final class FrameReader {
    /** Payloads up to this size get their buffer at once; larger ones grow with what has arrived. */
    private static final int EAGER_ALLOCATION = 1 << 20;
    /** Until the handshake succeeds only small frames are accepted: strangers cannot make the server buffer much. */
    public static final int PRE_AUTH_MAX_BYTES = 64 << 10;

    private final Socket socket;
    private final InputStream in;
    private final FrameLimits limits;
    private volatile String peer;
    private FrameMac mac;
    private int maxPayload;
    private long bytesRead;

    public FrameReader(Socket socket, FrameLimits limits, String peer) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.limits = limits;
        this.peer = peer;
        this.maxPayload = Math.min(limits.maxFrameBytes(), PRE_AUTH_MAX_BYTES);
    }

    /** From now on every frame must carry a valid MAC tag, and may be as large as the limits allow. */
    public void enableMac(FrameMac mac) {
        this.mac = mac;
        this.maxPayload = limits.maxFrameBytes();
    }

    public long bytesRead() { return bytesRead; }

    /** The name used in exception messages (the client id joins the address after the handshake). */
    public void namePeer(String name) { this.peer = name; }

    /**
     * Reads one frame.
     *
     * @param firstByteDeadline System.nanoTime() by which the frame must start
     * @param completeDeadline  System.nanoTime() by which it must be complete (capped further by the frame timeout)
     */
    public Frame read(long firstByteDeadline, long completeDeadline) throws IOException {
        byte[] header = new byte[Frame.HEADER_BYTES];
        int first = readByte(firstByteDeadline);
        if (first < 0) throw new PeerClosedException(peer, "connection closed (expected a frame)");
        header[0] = (byte) first;
        long frameDeadline = Math.min(completeDeadline, System.nanoTime() + limits.frameTimeout().toNanos());

        readFully(header, 1, 3, frameDeadline, "frame header");
        if (!Arrays.equals(header, 0, 4, Frame.MAGIC, 0, 4))
            throw new BadMagicException(peer, "expected magic 50344a46 ('P4JF'), found " + HexFormat.of().formatHex(header, 0, 4));
        readFully(header, 4, Frame.HEADER_BYTES - 4, frameDeadline, "frame header");
        int version = ((header[4] & 0xff) << 8) | (header[5] & 0xff);
        if (version != Frame.VERSION)
            throw new UnsupportedVersionException(peer, "protocol version " + version + ", this side speaks " + Frame.VERSION);
        MessageType type = MessageType.fromCode(header[6] & 0xff);
        if (type == null) throw new MalformedPayloadException(peer, "unknown message type code " + (header[6] & 0xff));
        int flags = header[7] & 0xff;
        if ((flags & ~Frame.FLAG_MAC) != 0)
            throw new MalformedPayloadException(peer, "unknown frame flags 0x" + Integer.toHexString(flags) + " on " + type);
        boolean tagged = (flags & Frame.FLAG_MAC) != 0;
        if (mac != null && !tagged) throw new AuthenticationException(peer, type + " frame without MAC after the handshake");
        if (mac == null && tagged) throw new MalformedPayloadException(peer, type + " frame carries a MAC before any session key was agreed");
        long length = ((long) (header[8] & 0xff) << 24) | ((header[9] & 0xff) << 16) | ((header[10] & 0xff) << 8) | (header[11] & 0xff);
        if (length > maxPayload)
            throw new FrameTooLargeException(peer, type + " frame declares " + length + " payload bytes, limit is " + maxPayload
                    + (mac == null ? " before authentication" : ""));

        byte[] payload = readPayload((int) length, frameDeadline, type);
        if (tagged) {
            byte[] tag = new byte[FrameMac.TAG_BYTES];
            readFully(tag, 0, tag.length, frameDeadline, type + " MAC tag");
            if (!mac.verify(header, payload, tag))
                throw new AuthenticationException(peer, type + " frame MAC does not verify (tampered, replayed or reordered)");
        }
        bytesRead += Frame.HEADER_BYTES + length + (tagged ? FrameMac.TAG_BYTES : 0);
        return new Frame(type, payload);
    }

    private byte[] readPayload(int length, long deadline, MessageType type) throws IOException {
        if (length <= EAGER_ALLOCATION) {
            byte[] p = new byte[length];
            readFully(p, 0, length, deadline, type + " payload");
            return p;
        }
        byte[] buf = new byte[EAGER_ALLOCATION];
        int have = 0;
        while (have < length) {
            if (have == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(length, 2L * buf.length));
            int n = Math.min(buf.length - have, length - have);
            readFully(buf, have, n, deadline, type + " payload (" + have + " of " + length + " bytes received)");
            have += n;
        }
        return buf;
    }

    private int readByte(long deadline) throws IOException {
        setTimeout(deadline, "the next frame");
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new PeerTimeoutException(peer, "no frame arrived in time", e);
        }
    }

    private void readFully(byte[] b, int off, int len, long deadline, String what) throws IOException {
        int done = 0;
        while (done < len) {
            setTimeout(deadline, what);
            int n;
            try {
                n = in.read(b, off + done, len - done);
            } catch (SocketTimeoutException e) {
                throw new PeerTimeoutException(peer, "stalled while sending " + what, e);
            }
            if (n < 0) throw new TruncatedFrameException(peer, "connection ended inside " + what + " after " + done + " of " + len + " bytes");
            done += n;
        }
    }

    private void setTimeout(long deadline, String what) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) throw new PeerTimeoutException(peer, "deadline passed while waiting for " + what);
        // 0 would mean "wait forever" to the socket, so round up to at least one millisecond
        long ms = Math.max(1, (remaining + 999_999) / 1_000_000);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ms));
    }
}
