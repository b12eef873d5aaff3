package org.peft4j.kernels.cuda.driver;

import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.peft4j.kernels.cuda.CudaStatus;
import org.peft4j.kernels.cuda.PtxResources;

import java.nio.charset.StandardCharsets;

/**
 * The part of the probe that needs JCuda's driver natives: cuInit, the driver version against what JCuda 12.6
 * and our PTX need, the device count, and the first device's name and compute capability. Only called once
 * libcuda.so.1 is known to load.
 */
public final class DriverProbe {
    /** JCuda 12.6's natives call driver entry points of CUDA 12.0 and later. */
    static final int JCUDA_MIN_DRIVER = 12000;

    private DriverProbe() {}

    public static CudaStatus probe(int ordinal) {
        int init;
        try {
            init = Driver.init();
        } catch (LinkageError e) {
            return CudaStatus.unavailable("JCuda's driver natives (JCudaDriver-12.6.0) failed to load: " + e.getMessage());
        }
        int[] version = {0};
        JCudaDriver.cuDriverGetVersion(version);
        if (init == CUresult.CUDA_ERROR_NO_DEVICE)
            return CudaStatus.unavailable("no CUDA device: cuInit reports CUDA_ERROR_NO_DEVICE (driver supports CUDA " + CudaStatus.versionString(version[0]) + ")");
        if (init != CUresult.CUDA_SUCCESS)
            return CudaStatus.unavailable("cuInit failed: " + CUresult.stringFor(init) + " (driver supports CUDA " + CudaStatus.versionString(version[0]) + ")");
        if (version[0] < JCUDA_MIN_DRIVER)
            return CudaStatus.unavailable("driver too old: it supports CUDA " + CudaStatus.versionString(version[0]) + ", JCuda 12.6 needs 12.0 or newer");
        int ptxNeeds = PtxResources.requiredDriverVersion();
        if (version[0] < ptxNeeds)
            return CudaStatus.unavailable("driver too old: it supports CUDA " + CudaStatus.versionString(version[0]) + ", the kernels' PTX (ISA "
                    + PtxResources.isaVersion() + ") needs CUDA " + CudaStatus.versionString(ptxNeeds) + " to be JIT-compiled");
        int[] count = {0};
        int rc = JCudaDriver.cuDeviceGetCount(count);
        if (rc != CUresult.CUDA_SUCCESS || count[0] == 0)
            return CudaStatus.unavailable("no CUDA device: cuDeviceGetCount reports " + count[0] + " (" + CUresult.stringFor(rc) + ")");
        if (ordinal < 0 || ordinal >= count[0])
            return CudaStatus.unavailable("no CUDA device " + ordinal + ": this machine has " + count[0] + " (cuda:0 to cuda:" + (count[0] - 1) + ")");
        CUdevice dev = new CUdevice();
        Driver.check("cuDeviceGet", JCudaDriver.cuDeviceGet(dev, ordinal));
        byte[] name = new byte[256];
        Driver.check("cuDeviceGetName", JCudaDriver.cuDeviceGetName(name, name.length, dev));
        int[] major = {0}, minor = {0};
        Driver.check("cuDeviceGetAttribute", JCudaDriver.cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev));
        Driver.check("cuDeviceGetAttribute", JCudaDriver.cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev));
        if (major[0] < 8)
            return CudaStatus.unavailable("device " + ordinal + " has compute capability " + major[0] + "." + minor[0]
                    + "; the kernels' PTX targets compute_80 (A100, H100, H200 and newer)");
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        return new CudaStatus(true, "", count[0], version[0], new String(name, 0, len, StandardCharsets.UTF_8), major[0], minor[0],
                CudaStatus.LibraryStatus.NOT_PROBED, CudaStatus.LibraryStatus.NOT_PROBED);
    }
}
