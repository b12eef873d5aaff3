package org.peft4j.tensor;

import org.peft4j.kernels.cuda.CudaContext;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.nio.ByteOrder;

/**
 * Elements in device memory of a CUDA device: F32 (activations, gradients, trainable parameters), I64/I32
 * (token ids, targets), or read-only F16/BF16 (frozen weights uploaded in their file's dtype). The block comes
 * from the context's caching allocator and returns to it when this storage becomes unreachable. Element access
 * (getFloat/setFloat) copies single elements across the bus: correct, slow, meant for printing and tests; bulk
 * data crosses with {@link Tensor#to(Device)}.
 */
public final class CudaStorage implements Storage {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final CudaBackend backend;
    private final long pointer;
    private final DType dtype;
    private final long size;

    /** Takes ownership of a block of at least size * dtype.byteSize() bytes from backend's allocator. */
    CudaStorage(CudaBackend backend, long pointer, DType dtype, long size) {
        this.backend = backend;
        this.pointer = pointer;
        this.dtype = dtype;
        this.size = size;
        CudaContext ctx = backend.context();
        CLEANER.register(this, () -> ctx.free(pointer));
    }

    /** The device address of element 0. */
    public long pointer() { return pointer; }

    /** The device address of element i. */
    public long pointer(long i) { return pointer + i * dtype.byteSize(); }

    public CudaBackend backend() { return backend; }

    @Override public DType dtype() { return dtype; }
    @Override public long size() { return size; }
    @Override public Device device() { return backend.device(); }
    @Override public boolean isReadOnly() { return dtype == DType.F16 || dtype == DType.BF16; }

    @Override
    public float getFloat(long i) {
        checkIndex(i);
        MemorySegment one = MemorySegment.ofArray(new byte[dtype.byteSize()]);
        backend.context().device().copyToHost(one, pointer(i), backend.context().stream());
        return switch (dtype) {
            case F32 -> one.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            case F16 -> Float.float16ToFloat(one.get(U16, 0));
            case BF16 -> Float.intBitsToFloat((one.get(U16, 0) & 0xffff) << 16);
            case I64 -> one.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            case I32 -> one.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            default -> throw new IllegalStateException("CUDA storage does not hold " + dtype);
        };
    }

    @Override
    public long getLong(long i) {
        if (dtype == DType.I64 || dtype == DType.I32) {
            checkIndex(i);
            MemorySegment one = MemorySegment.ofArray(new byte[dtype.byteSize()]);
            backend.context().device().copyToHost(one, pointer(i), backend.context().stream());
            return dtype == DType.I64 ? one.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0)
                    : one.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        }
        return (long) getFloat(i);
    }

    @Override
    public void setFloat(long i, float v) {
        checkWritable();
        checkIndex(i);
        MemorySegment one = switch (dtype) {
            case F32 -> MemorySegment.ofArray(new float[]{v});
            case I64 -> MemorySegment.ofArray(new long[]{(long) v});
            default -> MemorySegment.ofArray(new int[]{(int) v});
        };
        backend.context().device().copyToDevice(pointer(i), one, backend.context().stream());
    }

    @Override
    public void setLong(long i, long v) {
        checkWritable();
        checkIndex(i);
        MemorySegment one = switch (dtype) {
            case F32 -> MemorySegment.ofArray(new float[]{v});
            case I64 -> MemorySegment.ofArray(new long[]{v});
            default -> MemorySegment.ofArray(new int[]{(int) v});
        };
        backend.context().device().copyToDevice(pointer(i), one, backend.context().stream());
    }

    private void checkIndex(long i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("element " + i + " of CUDA storage with " + size + " elements");
    }

    private void checkWritable() {
        if (isReadOnly()) throw new UnsupportedOperationException("CUDA storage of " + dtype + " is read-only: frozen weights are never written");
    }
}
