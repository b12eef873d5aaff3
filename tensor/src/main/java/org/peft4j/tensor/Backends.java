package org.peft4j.tensor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Registry of backends by device kind; CUDA registers itself when (and only when) its natives load. */
public final class Backends {
    private static final Map<Device.Kind, Backend> BY_KIND = new ConcurrentHashMap<>(Map.of(Device.Kind.CPU, CpuBackend.INSTANCE));

    private Backends() {}

    public static void register(Backend b) { BY_KIND.put(b.device().kind(), b); }

    public static Backend get(Device d) {
        Backend b = BY_KIND.get(d.kind());
        if (b == null || !b.isAvailable())
            throw new IllegalStateException("no backend available for device " + d + " (is the CUDA backend on the classpath and a GPU present?)");
        return b;
    }
}
