package org.peft4j.kernels.cuda;

import org.peft4j.kernels.cuda.driver.CublasGemm;
import org.peft4j.kernels.cuda.driver.CusolverSvd;
import org.peft4j.kernels.cuda.driver.DriverDevice;

import java.lang.foreign.MemorySegment;

/**
 * One device ready for work: the {@link DeviceApi}, its caching allocator, a stream for the backend's work, the
 * GEMM (cuBLAS when it loaded, our PTX kernel otherwise) and the truncated SVD (cuSOLVER when it loaded, the
 * randomized SVD over the GEMM otherwise).
 */
public final class CudaContext implements AutoCloseable {
    private final DeviceApi device;
    private final CachingAllocator allocator;
    private final long stream;
    private final DeviceGemm gemm;
    private final TruncatedSvd.Engine svd;
    private final CudaStatus status;

    private CudaContext(DeviceApi device, DeviceGemm gemm, TruncatedSvd.Engine svd, CudaStatus status) {
        this.device = device;
        this.allocator = new CachingAllocator(device);
        this.stream = device.createStream();
        this.gemm = gemm;
        this.svd = svd;
        this.status = status;
    }

    /** A context on GPU {@code ordinal}; throws IllegalStateException naming what is missing when there is none. */
    public static CudaContext open(int ordinal) {
        CudaStatus s = ordinal == 0 ? CudaProbe.status() : CudaProbe.probe(ordinal);
        if (!s.available()) throw new IllegalStateException("no usable CUDA device cuda:" + ordinal + ": " + s.reason() + "; the CPU path is used");
        DriverDevice dev = new DriverDevice(ordinal, s);
        DeviceGemm gemm = s.cublas().loaded() ? new CublasGemm(dev) : new PtxGemm(dev);
        TruncatedSvd.Engine svd = s.cusolver().loaded() ? new CusolverSvd(dev) : null;
        return new CudaContext(dev, gemm, svd, s);
    }

    /** A context over any device implementation (the host emulation in tests), with the PTX GEMM and randomized SVD. */
    public static CudaContext over(DeviceApi device) {
        return new CudaContext(device, new PtxGemm(device), null, CudaStatus.unavailable(device.description()));
    }

    public DeviceApi device() { return device; }
    public CachingAllocator allocator() { return allocator; }
    public long stream() { return stream; }
    public DeviceGemm gemm() { return gemm; }
    public CudaStatus status() { return status; }

    /** The cuSOLVER engine when it loaded, else null (callers use the randomized SVD). */
    public TruncatedSvd.Engine exactSvd() { return svd; }

    /** A device block of bytes from the caching allocator. */
    public long allocate(long bytes) { return allocator.allocate(bytes); }

    public void free(long ptr) { allocator.free(ptr); }

    public long upload(float[] data) {
        long p = allocate(4L * data.length);
        device.copyToDevice(p, MemorySegment.ofArray(data), stream);
        return p;
    }

    public long upload(long[] data) {
        long p = allocate(8L * data.length);
        device.copyToDevice(p, MemorySegment.ofArray(data), stream);
        return p;
    }

    public float[] downloadFloats(long ptr, int n) {
        float[] out = new float[n];
        device.copyToHost(MemorySegment.ofArray(out), ptr, stream);
        return out;
    }

    public long[] downloadLongs(long ptr, int n) {
        long[] out = new long[n];
        device.copyToHost(MemorySegment.ofArray(out), ptr, stream);
        return out;
    }

    public void synchronize() { device.synchronize(stream); }

    @Override
    public void close() {
        device.synchronize(stream);
        allocator.emptyCache();
        device.destroyStream(stream);
        device.close();
    }
}
