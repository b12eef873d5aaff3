package org.peft4j.weights.safetensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * A little-endian byte buffer that either fills a caller's array (in-memory payloads) or is drained into a channel
 * whenever it fills (files), so a multi-gigabyte checkpoint is written through a fixed 1 MiB buffer.
 */
final class ByteSink {
    private final ByteBuffer buf;
    private final WritableByteChannel channel;

    private ByteSink(ByteBuffer buf, WritableByteChannel channel) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
        this.channel = channel;
    }

    static ByteSink intoArray(byte[] target) { return new ByteSink(ByteBuffer.wrap(target), null); }

    static ByteSink intoChannel(WritableByteChannel ch) { return new ByteSink(ByteBuffer.allocateDirect(1 << 20), ch); }

    /** The buffer, with room for at least {@code n} (at most 8) more bytes. */
    ByteBuffer room(int n) throws IOException {
        if (buf.remaining() < n) {
            if (channel == null) throw new IllegalStateException("payload buffer overflow: the layout computed too few bytes");
            flush();
        }
        return buf;
    }

    void put(byte[] bytes) throws IOException {
        put(MemorySegment.ofArray(bytes));
    }

    /** Copies a whole segment, in buffer-sized chunks. */
    void put(MemorySegment src) throws IOException {
        long off = 0, n = src.byteSize();
        while (off < n) {
            room(1);
            int k = (int) Math.min(buf.remaining(), n - off);
            MemorySegment.copy(src, off, MemorySegment.ofBuffer(buf), 0, k);
            buf.position(buf.position() + k);
            off += k;
        }
    }

    /** Drains the buffer to the channel (no-op for arrays). */
    void flush() throws IOException {
        if (channel == null) return;
        buf.flip();
        while (buf.hasRemaining()) channel.write(buf);
        buf.clear();
    }
}
