package org.peft4j.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Read-only little-endian elements in a MemorySegment (typically a mapped safetensors file). F16 and BF16 are
 * widened to fp32 on read; kernels that care about speed read the segment directly (see the GEMM packing).
 */
public final class SegmentStorage implements Storage {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;
    private final DType dtype;
    private final long size;

    public SegmentStorage(MemorySegment segment, DType dtype) {
        if (segment.byteSize() % dtype.byteSize() != 0)
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is not a whole number of " + dtype + " elements");
        this.segment = segment;
        this.dtype = dtype;
        this.size = segment.byteSize() / dtype.byteSize();
    }

    public MemorySegment segment() { return segment; }
    @Override public DType dtype() { return dtype; }
    @Override public long size() { return size; }
    @Override public Device device() { return Device.CPU; }
    @Override public boolean isReadOnly() { return true; }

    @Override
    public float getFloat(long i) {
        long b = i * dtype.byteSize();
        return switch (dtype) {
            case F32 -> segment.get(F32, b);
            case F16 -> Float.float16ToFloat(segment.get(I16, b));
            case BF16 -> Float.intBitsToFloat((segment.get(I16, b) & 0xffff) << 16);
            case F64 -> (float) segment.get(F64, b);
            case I64 -> segment.get(I64, b);
            case I32 -> segment.get(I32, b);
            case I16 -> segment.get(I16, b);
            case I8 -> segment.get(ValueLayout.JAVA_BYTE, b);
            case U8, BOOL -> segment.get(ValueLayout.JAVA_BYTE, b) & 0xff;
        };
    }

    @Override
    public long getLong(long i) {
        long b = i * dtype.byteSize();
        return switch (dtype) {
            case I64 -> segment.get(I64, b);
            case I32 -> segment.get(I32, b);
            case I16 -> segment.get(I16, b);
            case I8 -> segment.get(ValueLayout.JAVA_BYTE, b);
            case U8, BOOL -> segment.get(ValueLayout.JAVA_BYTE, b) & 0xff;
            default -> (long) getFloat(i);
        };
    }

    @Override public void setFloat(long i, float v) { throw readOnly(); }
    @Override public void setLong(long i, long v) { throw readOnly(); }

    private UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("segment storage (" + dtype + ", " + size + " elements) is read-only: frozen weights are never written");
    }
}
