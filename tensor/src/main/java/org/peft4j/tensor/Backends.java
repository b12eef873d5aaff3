package org.peft4j.tensor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry of backends by device. The CPU backend is always there; a CUDA device's backend is opened (and
 * registered) the first time that device is asked for, which is when CUDA natives load, and only if the probe
 * finds a driver and a device. Otherwise the answer is an IllegalStateException naming what is missing.
 */
public final class Backends {
    private static final Map<Device, Backend> BY_DEVICE = new ConcurrentHashMap<>(Map.of(Device.CPU, CpuBackend.INSTANCE));

    private Backends() {}

    public static void register(Backend b) { BY_DEVICE.put(b.device(), b); }

    public static Backend get(Device d) {
        Backend b = BY_DEVICE.get(d);
        if (b == null && d.kind() == Device.Kind.CUDA) {
            try {
                b = CudaBackend.open(d.index());
            } catch (IllegalStateException e) {
                throw new IllegalStateException("no backend available for device " + d + ": " + e.getMessage(), e);
            }
            register(b);
        }
        if (b == null || !b.isAvailable())
            throw new IllegalStateException("no backend available for device " + d);
        return b;
    }

    /** The backend that owns a tensor's storage: its CUDA backend for device memory, else the device's. */
    static Backend of(Tensor t) {
        return t.storage() instanceof CudaStorage cs ? cs.backend() : get(t.device());
    }
}
