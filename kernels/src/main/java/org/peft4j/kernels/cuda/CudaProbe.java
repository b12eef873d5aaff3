package org.peft4j.kernels.cuda;

import org.peft4j.kernels.cuda.driver.DriverProbe;
import org.peft4j.kernels.cuda.driver.OptionalLibraries;

/**
 * Finds out, once, whether this machine can run the CUDA backend, loading natives only as far as needed:
 * first whether libcuda.so.1 loads at all (through the dynamic loader, no JCuda native yet), then JCuda's driver
 * natives, cuInit, the driver version and the devices, then whether cuBLAS and cuSOLVER load. Every "no" comes
 * with a reason that names what is missing.
 */
public final class CudaProbe {
    /** The NVIDIA driver's user-space library that JCuda's driver natives link against. */
    public static final String LIBCUDA = "libcuda.so.1";

    private static volatile CudaStatus cached;

    private CudaProbe() {}

    /** The status of device 0, probed on the first call. */
    public static CudaStatus status() {
        CudaStatus s = cached;
        if (s == null) {
            synchronized (CudaProbe.class) {
                if (cached == null) cached = probe(0);
                s = cached;
            }
        }
        return s;
    }

    static CudaStatus probe(int ordinal) {
        if (Boolean.getBoolean("peft4j.cuda.disable"))
            return CudaStatus.unavailable("disabled by -Dpeft4j.cuda.disable=true");
        String why = NativeLibraries.whyNotLoadable(LIBCUDA);
        if (why != null)
            return CudaStatus.unavailable("no " + LIBCUDA + " (the NVIDIA driver library) could be loaded: " + why);
        CudaStatus s = DriverProbe.probe(ordinal);
        if (!s.available()) return s;
        return s.withLibraries(OptionalLibraries.cublas(), OptionalLibraries.cusolver());
    }
}
