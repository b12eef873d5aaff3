package org.peft4j.kernels.cpu;

/**
 * How floating-point elements are stored in a read-only little-endian MemorySegment (frozen weights mapped from
 * a safetensors file). Kernels widen F16 and BF16 to fp32 as they read; they never write these formats.
 */
public enum FloatFormat {
    F32(4),
    F16(2),
    BF16(2);

    private final int byteSize;

    FloatFormat(int byteSize) { this.byteSize = byteSize; }

    public int byteSize() { return byteSize; }
}
