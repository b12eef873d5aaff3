package org.peft4j.kernels.cuda.driver;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.peft4j.kernels.cuda.CudaStatus;
import org.peft4j.kernels.cuda.DeviceApi;
import org.peft4j.kernels.cuda.DeviceOutOfMemoryException;
import org.peft4j.kernels.cuda.Kernel;
import org.peft4j.kernels.cuda.KernelArgs;
import org.peft4j.kernels.cuda.LaunchConfig;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real GPU through the CUDA driver API (JCuda): the device's primary context, made current on whichever
 * thread calls; cuMemAlloc'd memory; the kernels from our PTX; streams as long handles (0 = the default
 * stream). Created only after {@link org.peft4j.kernels.cuda.CudaProbe} found the device usable.
 */
public final class DriverDevice implements DeviceApi {
    /** Native host segments are copied in slices a ByteBuffer can address. */
    private static final long COPY_CHUNK = 1L << 30;

    private final int ordinal;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final String description;
    private final PtxModules modules = new PtxModules();
    private final Map<Long, CUstream> streams = new ConcurrentHashMap<>();
    private final AtomicLong nextStream = new AtomicLong(1);
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);
    private volatile boolean closed;

    public DriverDevice(int ordinal, CudaStatus status) {
        if (!status.available()) throw new IllegalStateException(status.summary());
        this.ordinal = ordinal;
        JCudaDriver.setExceptionsEnabled(false);
        Driver.check("cuDeviceGet", JCudaDriver.cuDeviceGet(device, ordinal));
        Driver.check("cuDevicePrimaryCtxRetain", JCudaDriver.cuDevicePrimaryCtxRetain(context, device));
        this.description = "cuda:" + ordinal + " " + status.deviceName() + " (sm_" + status.computeMajor() + status.computeMinor()
                + ", driver supports CUDA " + CudaStatus.versionString(status.driverVersion()) + ")";
    }

    /** Makes the primary context current on the calling thread (once per thread). */
    private void bind() {
        if (closed) throw new IllegalStateException(description + " is closed");
        if (!current.get()) {
            Driver.check("cuCtxSetCurrent", JCudaDriver.cuCtxSetCurrent(context));
            current.set(true);
        }
    }

    CUstream stream(long handle) {
        if (handle == 0) return null;
        CUstream s = streams.get(handle);
        if (s == null) throw new IllegalArgumentException("unknown stream handle " + handle + " on " + description);
        return s;
    }

    @Override public String description() { return description; }
    @Override public boolean isGpu() { return true; }

    @Override
    public long allocate(long bytes) {
        bind();
        DevicePointer p = new DevicePointer();
        int rc = JCudaDriver.cuMemAlloc(p, Math.max(1, bytes));
        if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            long[] info = memoryInfo();
            throw new DeviceOutOfMemoryException("cuMemAlloc of " + bytes + " bytes on " + description + " failed: out of memory ("
                    + info[0] + " of " + info[1] + " bytes free)");
        }
        Driver.check("cuMemAlloc(" + bytes + " bytes)", rc);
        return p.address();
    }

    @Override
    public void release(long ptr) {
        bind();
        Driver.check("cuMemFree", JCudaDriver.cuMemFree(new DevicePointer(ptr)));
    }

    @Override
    public void copyToDevice(long dst, MemorySegment src, long stream) {
        bind();
        long bytes = src.byteSize();
        if (bytes == 0) return;
        if (stream != 0) synchronize(stream); // the copy below runs on the legacy stream; keep stream order
        if (!src.isNative()) {
            Driver.check("cuMemcpyHtoD(" + bytes + " bytes)", JCudaDriver.cuMemcpyHtoD(new DevicePointer(dst), heapPointer(src), bytes));
            return;
        }
        for (long off = 0; off < bytes; off += COPY_CHUNK) {
            long n = Math.min(COPY_CHUNK, bytes - off);
            ByteBuffer buf = src.asSlice(off, n).asByteBuffer();
            Driver.check("cuMemcpyHtoD(" + n + " bytes)", JCudaDriver.cuMemcpyHtoD(new DevicePointer(dst + off), Pointer.to(buf), n));
        }
    }

    @Override
    public void copyToHost(MemorySegment dst, long src, long stream) {
        bind();
        long bytes = dst.byteSize();
        if (bytes == 0) return;
        if (stream != 0) synchronize(stream);
        if (dst.isReadOnly()) throw new IllegalArgumentException("copyToHost into a read-only segment");
        if (!dst.isNative()) {
            Driver.check("cuMemcpyDtoH(" + bytes + " bytes)", JCudaDriver.cuMemcpyDtoH(heapPointer(dst), new DevicePointer(src), bytes));
            return;
        }
        for (long off = 0; off < bytes; off += COPY_CHUNK) {
            long n = Math.min(COPY_CHUNK, bytes - off);
            ByteBuffer buf = dst.asSlice(off, n).asByteBuffer();
            Driver.check("cuMemcpyDtoH(" + n + " bytes)", JCudaDriver.cuMemcpyDtoH(Pointer.to(buf), new DevicePointer(src + off), n));
        }
    }

    /** A JCuda pointer into the Java array behind a heap segment, at the segment's offset. */
    private static Pointer heapPointer(MemorySegment seg) {
        Object base = seg.heapBase().orElseThrow();
        long offset = seg.address(); // for heap segments: the byte offset into the array
        Pointer p = switch (base) {
            case float[] a -> Pointer.to(a);
            case byte[] a -> Pointer.to(a);
            case short[] a -> Pointer.to(a);
            case int[] a -> Pointer.to(a);
            case long[] a -> Pointer.to(a);
            case double[] a -> Pointer.to(a);
            case char[] a -> Pointer.to(a);
            default -> throw new IllegalArgumentException("cannot copy a heap segment over " + base.getClass().getSimpleName());
        };
        return offset == 0 ? p : p.withByteOffset(offset);
    }

    @Override
    public void copyOnDevice(long dst, long src, long bytes, long stream) {
        bind();
        if (bytes == 0) return;
        if (stream != 0) synchronize(stream);
        Driver.check("cuMemcpyDtoD(" + bytes + " bytes)", JCudaDriver.cuMemcpyDtoD(new DevicePointer(dst), new DevicePointer(src), bytes));
    }

    @Override
    public void zero(long ptr, long bytes, long stream) {
        bind();
        if (bytes == 0) return;
        if (stream != 0) synchronize(stream);
        Driver.check("cuMemsetD8(" + bytes + " bytes)", JCudaDriver.cuMemsetD8(new DevicePointer(ptr), (byte) 0, bytes));
    }

    @Override
    public void launch(Kernel kernel, LaunchConfig c, KernelArgs args, long stream) {
        args.checkAgainst(kernel);
        bind();
        List<KernelArgs.Arg> list = args.list();
        Pointer[] values = new Pointer[list.size()];
        for (int i = 0; i < values.length; i++) values[i] = value(list.get(i));
        int rc = JCudaDriver.cuLaunchKernel(modules.function(kernel), c.gridX(), c.gridY(), c.gridZ(), c.blockX(), c.blockY(), c.blockZ(),
                c.sharedBytes(), stream(stream), Pointer.to(values), null);
        Driver.check("cuLaunchKernel(" + kernel.entry() + ", grid " + c.gridX() + "x" + c.gridY() + "x" + c.gridZ() + ", block " + c.blockX() + ")", rc);
    }

    private static Pointer value(KernelArgs.Arg a) {
        return switch (a.type()) {
            case I32 -> Pointer.to(new int[]{(Integer) a.value()});
            case I64, PTR -> Pointer.to(new long[]{(Long) a.value()});
            case F32 -> Pointer.to(new float[]{(Float) a.value()});
            case VIEW, VIEW2, VIEW3, STRIDES4 -> Pointer.to((int[]) a.value());
        };
    }

    @Override
    public long createStream() {
        bind();
        CUstream s = new CUstream();
        Driver.check("cuStreamCreate", JCudaDriver.cuStreamCreate(s, 0)); // blocking: ordered with the legacy stream's copies
        long id = nextStream.getAndIncrement();
        streams.put(id, s);
        return id;
    }

    @Override
    public void destroyStream(long handle) {
        bind();
        CUstream s = streams.remove(handle);
        if (s == null) throw new IllegalArgumentException("unknown stream handle " + handle);
        Driver.check("cuStreamDestroy", JCudaDriver.cuStreamDestroy(s));
    }

    @Override
    public void synchronize(long handle) {
        bind();
        if (handle == 0) Driver.check("cuCtxSynchronize", JCudaDriver.cuCtxSynchronize());
        else Driver.check("cuStreamSynchronize", JCudaDriver.cuStreamSynchronize(stream(handle)));
    }

    @Override
    public long[] memoryInfo() {
        bind();
        long[] free = {0}, total = {0};
        Driver.check("cuMemGetInfo", JCudaDriver.cuMemGetInfo(free, total));
        return new long[]{free[0], total[0]};
    }

    int ordinal() { return ordinal; }

    @Override
    public synchronized void close() {
        if (closed) return;
        bind();
        JCudaDriver.cuCtxSynchronize();
        for (CUstream s : streams.values()) JCudaDriver.cuStreamDestroy(s);
        streams.clear();
        modules.unload();
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
        closed = true;
    }

}
