package org.peft4j.kernels.cuda;

/** The device could not satisfy an allocation, even after the caching allocator returned its cached blocks. */
public final class DeviceOutOfMemoryException extends RuntimeException {
    public DeviceOutOfMemoryException(String message) { super(message); }
}
