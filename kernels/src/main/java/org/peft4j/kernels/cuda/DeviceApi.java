package org.peft4j.kernels.cuda;

import java.lang.foreign.MemorySegment;

/**
 * What the CUDA backend needs from a device: raw memory, copies, kernel launches and streams. Device pointers
 * are plain longs. Two implementations: the JCuda driver ({@code driver.DriverDevice}, a real GPU) and the host
 * emulation ({@code emulation.HostEmulatedDevice}, the same kernel sources compiled for the CPU, for tests).
 * Stream 0 is the device's default stream; work on one stream runs in order.
 */
public interface DeviceApi extends RawDeviceMemory, AutoCloseable {
    /** Human-readable description, e.g. "cuda:0 NVIDIA H100 80GB HBM3 (sm_90, driver 13.0)". */
    String description();

    /** True for a real GPU, false for the host emulation. */
    boolean isGpu();

    /** Copies src (a heap or native host segment) to device memory at dst; returns when src may be reused. */
    void copyToDevice(long dst, MemorySegment src, long stream);

    /** Copies device memory at src into dst (heap or native host segment); returns when dst holds the data. */
    void copyToHost(MemorySegment dst, long src, long stream);

    void copyOnDevice(long dst, long src, long bytes, long stream);

    void zero(long ptr, long bytes, long stream);

    void launch(Kernel kernel, LaunchConfig config, KernelArgs args, long stream);

    long createStream();

    void destroyStream(long stream);

    /** Waits until all work queued on the stream has finished. */
    void synchronize(long stream);

    /** Bytes free and total on the device, as the driver reports them. */
    long[] memoryInfo();

    @Override void close();
}
