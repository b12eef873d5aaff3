package org.peft4j.tensor;

/** The host: heap arrays and mapped segments. Crossing to and from the CPU is the identity. */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override public Device device() { return Device.CPU; }
    @Override public boolean isAvailable() { return true; }
    @Override public Tensor fromCpu(Tensor t) { return t; }
    @Override public Tensor toCpu(Tensor t) { return t; }
}
