package org.peft4j.tensor;

import org.peft4j.kernels.cuda.CudaContext;
import org.peft4j.kernels.cuda.CudaKernels;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CUDA backend: tensors in device memory ({@link CudaStorage}) on one device, copies between host and
 * device, and the context (allocator, stream, GEMM, SVD) that org.peft4j.tensor.cuda.CudaOps computes with.
 * {@link Backends} asks {@link #open(int)} for it the first time a CUDA device is named; natives load only then,
 * and only as far as the probe needs to tell what is missing.
 */
public final class CudaBackend implements Backend {
    private static final Map<Integer, Object> OPENED = new ConcurrentHashMap<>(); // ordinal -> CudaBackend or failure message

    private final Device device;
    private final CudaContext context;

    /** A backend over an open context (the host emulation in tests, or a real device). */
    public CudaBackend(Device device, CudaContext context) {
        if (device.isCpu()) throw new IllegalArgumentException("a CUDA backend needs a CUDA device, got " + device);
        this.device = device;
        this.context = context;
    }

    /**
     * The backend of GPU {@code ordinal}, opened once; throws IllegalStateException naming what is missing (no
     * libcuda.so.1, no device, driver too old) when the machine cannot run it.
     */
    static CudaBackend open(int ordinal) {
        Object o = OPENED.computeIfAbsent(ordinal, i -> {
            try {
                return new CudaBackend(Device.cuda(i), CudaContext.open(i));
            } catch (IllegalStateException | LinkageError | org.peft4j.kernels.cuda.CudaException e) {
                return e.getMessage();
            }
        });
        if (o instanceof CudaBackend b) return b;
        throw new IllegalStateException(String.valueOf(o));
    }

    public CudaContext context() { return context; }

    @Override public Device device() { return device; }
    @Override public boolean isAvailable() { return true; }

    /** A fresh, uninitialised contiguous device tensor. */
    public Tensor empty(DType dtype, int... shape) {
        int n = Shapes.numel(shape);
        long p = context.allocate((long) n * dtype.byteSize());
        return new Tensor(new CudaStorage(this, p, dtype, n), shape, Shapes.contiguousStrides(shape), 0);
    }

    @Override
    public Tensor fromCpu(Tensor t) {
        if (!t.device().isCpu()) throw new IllegalArgumentException("fromCpu: tensor is on " + t.device());
        DType dt = t.dtype();
        boolean kept = dt == DType.F32 || dt == DType.I64 || dt == DType.I32 || dt == DType.F16 || dt == DType.BF16;
        Tensor c = kept ? t : dt.isFloating() ? t.toF32() : t.copy(); // F64 -> F32; small integers -> I64
        if (!c.isContiguous()) c = c.contiguous();                   // strided F16/BF16 views become F32 here
        DType dtype = c.dtype();
        Tensor out = empty(dtype, c.shape());
        long bytes = (long) c.numel() * dtype.byteSize();
        if (bytes > 0) context.device().copyToDevice(((CudaStorage) out.storage()).pointer(), hostBytes(c, bytes), context.stream());
        return out;
    }

    /** The bytes of a contiguous host tensor as a segment (a view of its array or mapped segment, no copy). */
    private static MemorySegment hostBytes(Tensor c, long bytes) {
        long from = (long) c.offset() * c.dtype().byteSize();
        return switch (c.storage()) {
            case FloatStorage fs -> MemorySegment.ofArray(fs.array()).asSlice(from, bytes);
            case LongStorage ls -> MemorySegment.ofArray(ls.array()).asSlice(from, bytes);
            case IntStorage is -> MemorySegment.ofArray(is.array()).asSlice(from, bytes);
            case SegmentStorage ss -> ss.segment().asSlice(from, bytes);
            case CudaStorage cs -> throw new IllegalArgumentException("hostBytes of a device tensor");
        };
    }

    @Override
    public Tensor toCpu(Tensor t) {
        if (!(t.storage() instanceof CudaStorage cs)) throw new IllegalArgumentException("toCpu: tensor is not in CUDA storage but " + t.storage().getClass().getSimpleName());
        Tensor src = t;
        if (!t.isContiguous() && t.dtype() == DType.F32) {
            // gather the view into a contiguous device copy first, so only its elements cross the bus
            src = empty(DType.F32, t.shape());
            CudaKernels.copy(context.device(), context.stream(), t.shape(), cs.pointer(t.offset()), t.strides(), ((CudaStorage) src.storage()).pointer());
        }
        if (!src.isContiguous()) return gatherOnHost(src);
        int n = src.numel();
        CudaStorage s = (CudaStorage) src.storage();
        long at = s.pointer(src.offset());
        return switch (src.dtype()) {
            case F32 -> { float[] a = new float[n]; copyDown(a, at); yield Tensor.of(a, src.shape()); }
            case I64 -> { long[] a = new long[n]; copyDown(a, at); yield Tensor.ofLongs(a, src.shape()); }
            case I32 -> { int[] a = new int[n]; copyDown(a, at); yield Tensor.ofInts(a, src.shape()); }
            case F16, BF16 -> {
                short[] a = new short[n];
                if (n > 0) context.device().copyToHost(MemorySegment.ofArray(a), at, context.stream());
                yield Tensor.ofSegment(MemorySegment.ofArray(a), src.dtype(), src.shape()).toF32();
            }
            default -> throw new IllegalStateException("CUDA storage does not hold " + src.dtype());
        };
    }

    private void copyDown(Object array, long at) {
        MemorySegment seg = switch (array) {
            case float[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalArgumentException(array.getClass().getName());
        };
        if (seg.byteSize() > 0) context.device().copyToHost(seg, at, context.stream());
    }

    /** A strided non-F32 view: download the storage span it reaches and gather on the host. */
    private Tensor gatherOnHost(Tensor t) {
        CudaStorage s = (CudaStorage) t.storage();
        Tensor whole = toCpu(new Tensor(s, new int[]{(int) s.size()}, new int[]{1}, 0));
        return new Tensor(whole.storage(), t.shape(), t.strides(), t.offset()).copy();
    }
}
