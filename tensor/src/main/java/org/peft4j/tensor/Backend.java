package org.peft4j.tensor;

/**
 * The service a device offers the tensor layer: where storage is allocated and how tensors cross to and from
 * the host. The CPU backend is always present; a CUDA backend registers itself when its natives load.
 */
public interface Backend {
    Device device();

    /** Whether this backend can run here (drivers and libraries loaded). */
    boolean isAvailable();

    /** A copy of a CPU tensor on this backend's device. */
    Tensor fromCpu(Tensor cpuTensor);

    /** A CPU copy of a tensor that lives on this backend's device. */
    Tensor toCpu(Tensor deviceTensor);
}
