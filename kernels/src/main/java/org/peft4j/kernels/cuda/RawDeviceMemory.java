package org.peft4j.kernels.cuda;

/** Raw device allocations (cuMemAlloc / cuMemFree or their emulation), beneath the caching allocator. */
public interface RawDeviceMemory {
    /** A fresh block of at least {@code bytes}; throws {@link DeviceOutOfMemoryException} when the device is full. */
    long allocate(long bytes);

    void release(long ptr);
}
