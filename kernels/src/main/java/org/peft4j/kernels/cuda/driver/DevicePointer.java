package org.peft4j.kernels.cuda.driver;

import jcuda.driver.CUdeviceptr;

/**
 * A CUdeviceptr that converts to and from the plain long addresses the backend passes around. JCuda hands a
 * pointer to native code as its native address plus its byte offset, so an address is represented as a null
 * pointer offset by that address, and an allocation's address is read back through the protected accessors.
 */
final class DevicePointer extends CUdeviceptr {
    private static final CUdeviceptr NULL = new CUdeviceptr();

    /** An empty pointer for cuMemAlloc to fill in. */
    DevicePointer() { super(); }

    /** The device address {@code address}. */
    DevicePointer(long address) { super(NULL, address); }

    long address() { return getNativePointer() + getByteOffset(); }
}
