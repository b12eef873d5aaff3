package org.peft4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The memory under a tensor: a heap array (float[], int[], long[]), a read-only MemorySegment
 * (for example a memory-mapped safetensors file) holding F32, F16, BF16 or integer elements, or device memory
 * of a CUDA GPU ({@link CudaStorage}). Indices are element indices, not bytes.
 */
public sealed interface Storage permits FloatStorage, IntStorage, LongStorage, SegmentStorage, CudaStorage {
    DType dtype();

    /** Number of elements. */
    long size();

    Device device();

    boolean isReadOnly();

    /** Element i widened to float (integers converted). */
    float getFloat(long i);

    void setFloat(long i, float v);

    /** Element i as long (floats truncated toward zero). */
    long getLong(long i);

    void setLong(long i, long v);

    static Storage allocate(DType dtype, int numel) {
        return switch (dtype) {
            case F32 -> new FloatStorage(numel);
            case I32 -> new IntStorage(numel);
            case I64 -> new LongStorage(numel);
            default -> throw new IllegalArgumentException("heap storage holds F32, I32 or I64, not " + dtype
                    + " (F16/BF16/other dtypes come only as read-only segments)");
        };
    }

    static Storage of(MemorySegment segment, DType dtype) {
        return new SegmentStorage(segment, dtype);
    }
}
