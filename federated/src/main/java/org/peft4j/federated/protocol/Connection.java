package org.peft4j.federated.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * One framed, message-level conversation over a socket (plain or TLS). Sends are serialised; receiving is
 * meant for one thread at a time. Any exception from receive leaves the stream unusable: close it.
 */
public final class Connection implements Closeable {
    private final Socket socket;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final MessageCodec codec;
    private volatile String peer;
    private volatile boolean closed;

    public Connection(Socket socket, MessageCodec codec) throws IOException {
        this.socket = socket;
        this.codec = codec;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
        this.reader = new FrameReader(socket, codec.limits(), peer);
        this.writer = new FrameWriter(socket.getOutputStream(), codec.limits());
    }

    /** Address, or "client-id@address" once the handshake named the peer. */
    public String peer() { return peer; }

    /** From now on messages and exceptions call the peer "name@address". */
    public void namePeer(String name) {
        this.peer = name + "@" + socket.getRemoteSocketAddress();
        reader.namePeer(peer);
    }

    /** Switches both directions to MAC-tagged frames. */
    void enableMac(byte[] sessionKey, boolean isServer) {
        byte out = (byte) (isServer ? 'S' : 'C');
        byte in = (byte) (isServer ? 'C' : 'S');
        writer.enableMac(new FrameMac(sessionKey, out));
        reader.enableMac(new FrameMac(sessionKey, in));
    }

    public void send(Message m) throws IOException {
        writer.write(m.type(), codec.encode(m));
    }

    /**
     * Sends a payload encoded once by {@link MessageCodec#encode} for many connections (the same global adapter
     * to every sampled client).
     */
    public void sendEncoded(MessageType type, byte[] payload) throws IOException {
        writer.write(type, payload);
    }

    /** Best-effort ERROR before closing; never throws. */
    public void sendErrorQuietly(String code, String message) {
        try {
            send(new Message.Error(code, message));
        } catch (IOException | RuntimeException ignored) {
            // the peer may already be gone; the caller is closing anyway
        }
    }

    /** Next message; it must start within idle and complete within the frame timeout. */
    public Message receive(Duration idle) throws IOException {
        long deadline = Deadlines.after(idle);
        return receiveBy(deadline);
    }

    /** Next message, complete by the System.nanoTime() deadline. */
    public Message receiveBy(long deadline) throws IOException {
        Frame f = reader.read(deadline, deadline);
        return codec.decode(f, peer);
    }

    /** Next message, which must be of the given kind; an ERROR from the peer becomes RemoteErrorException. */
    public <T extends Message> T expect(Class<T> kind, long deadline) throws IOException {
        Message m = receiveBy(deadline);
        if (m instanceof Message.Error e) throw new RemoteErrorException(peer, e.code(), e.message());
        if (!kind.isInstance(m))
            throw new UnexpectedMessageException(peer, "expected " + kind.getSimpleName() + ", received " + m.type());
        return kind.cast(m);
    }

    public long bytesSent() { return writer.bytesWritten(); }
    public long bytesReceived() { return reader.bytesRead(); }
    public boolean isClosed() { return closed; }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket can fail; nothing is left to release
        }
    }
}
