package org.peft4j.weights.safetensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.peft4j.tensor.FloatStorage;
import org.peft4j.tensor.IntStorage;
import org.peft4j.tensor.LongStorage;
import org.peft4j.tensor.SegmentStorage;
import org.peft4j.tensor.Storage;
import org.peft4j.tensor.Tensor;

/**
 * Writes a tensor's elements in row-major order of its view as little-endian bytes of its own dtype. Segment
 * tensors (mapped F16/BF16/... weights) are copied bit for bit, never widened; a contiguous segment is one bulk copy.
 */
final class TensorEncoder {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TensorEncoder() {}

    static void encode(Tensor t, ByteSink out) throws IOException {
        int n = t.numel();
        if (n == 0) return;
        Storage s = t.storage();
        int size = t.dtype().byteSize();
        if (s instanceof SegmentStorage seg && t.isContiguous()) {
            out.put(seg.segment().asSlice((long) t.offset() * size, (long) n * size));
            return;
        }
        StridedIndex at = new StridedIndex(t);
        switch (s) {
            case FloatStorage fs -> {
                float[] a = fs.array();
                if (t.isContiguous()) for (int i = 0, o = t.offset(); i < n; i++) out.room(4).putFloat(a[o + i]);
                else for (int i = 0; i < n; i++) out.room(4).putFloat(a[(int) at.next()]);
            }
            case IntStorage is -> { for (int i = 0; i < n; i++) out.room(4).putInt(is.array()[(int) at.next()]); }
            case LongStorage ls -> { for (int i = 0; i < n; i++) out.room(8).putLong(ls.array()[(int) at.next()]); }
            case SegmentStorage seg -> {
                MemorySegment m = seg.segment();
                for (int i = 0; i < n; i++) {
                    long b = at.next() * size;
                    ByteBuffer buf = out.room(size);
                    switch (size) {
                        case 1 -> buf.put(m.get(ValueLayout.JAVA_BYTE, b));
                        case 2 -> buf.putShort(m.get(I16, b));
                        case 4 -> buf.putInt(m.get(I32, b));
                        default -> buf.putLong(m.get(I64, b));
                    }
                }
            }
            default -> throw new IllegalArgumentException("cannot encode a tensor in " + s.getClass().getSimpleName() + " (move it to the CPU first)");
        }
    }
}
