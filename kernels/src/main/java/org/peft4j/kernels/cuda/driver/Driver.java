package org.peft4j.kernels.cuda.driver;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.peft4j.kernels.cuda.CudaException;

/** Calls into the CUDA driver through JCuda, turning error codes into exceptions that name the call. */
final class Driver {
    private Driver() {}

    static void check(String call, int result) {
        if (result != CUresult.CUDA_SUCCESS)
            throw new CudaException(call + " failed: " + CUresult.stringFor(result) + " (" + result + ")");
    }

    /** Loads JCuda's driver natives (and so libcuda.so.1) and initialises the driver; error codes, not exceptions. */
    static int init() {
        JCudaDriver.setExceptionsEnabled(false);
        return JCudaDriver.cuInit(0);
    }
}
