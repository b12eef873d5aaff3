package org.peft4j.weights.safetensors;

import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Reads a MemorySegment as a stream, so a (possibly huge) header is parsed without first copying it to the heap. */
final class SegmentInputStream extends InputStream {
    private final MemorySegment segment;
    private long pos;

    SegmentInputStream(MemorySegment segment) {
        this.segment = segment;
    }

    @Override
    public int read() {
        return pos < segment.byteSize() ? segment.get(ValueLayout.JAVA_BYTE, pos++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        long left = segment.byteSize() - pos;
        if (len == 0) return 0;
        if (left <= 0) return -1;
        int n = (int) Math.min(len, left);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, segment.byteSize() - pos);
    }
}
