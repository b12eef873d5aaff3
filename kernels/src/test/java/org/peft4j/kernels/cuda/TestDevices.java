package org.peft4j.kernels.cuda;

import org.junit.jupiter.api.Assumptions;
import org.peft4j.kernels.cuda.emulation.HostEmulatedDevice;

import java.util.stream.Stream;

/**
 * The devices the twin tests run on: "gpu" (a real CUDA device through JCuda; skipped with the probe's reason
 * when there is none) and "emulated" (the same kernel sources compiled for the host; skipped when there is no
 * g++). Contexts are opened once per JVM.
 */
final class TestDevices {
    private static CudaContext gpu, emulated;

    private TestDevices() {}

    /** Both kinds, or those listed in -Dpeft4j.test.kinds (the fake-driver JVM runs only "gpu"). */
    static Stream<String> kinds() {
        String only = System.getProperty("peft4j.test.kinds");
        return only == null ? Stream.of("gpu", "emulated") : Stream.of(only.split(","));
    }

    static synchronized CudaContext context(String kind) {
        if (kind.equals("gpu")) {
            CudaStatus s = CudaProbe.status();
            Assumptions.assumeTrue(s.available(), () -> "skipped on the GPU: " + s.summary());
            if (gpu == null) gpu = CudaContext.open(0);
            return gpu;
        }
        Assumptions.assumeTrue(HostEmulatedDevice.isSupported(), "skipped in host emulation: no g++ (or $CXX) to compile the kernels for the host");
        if (emulated == null) emulated = CudaContext.over(new HostEmulatedDevice());
        return emulated;
    }
}
