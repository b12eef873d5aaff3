package org.peft4j.kernels.cuda.driver;

import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import org.peft4j.kernels.cuda.CudaException;
import org.peft4j.kernels.cuda.Kernel;
import org.peft4j.kernels.cuda.PtxResources;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Loads each PTX module once (the driver JIT-compiles it for the device) and caches the kernel functions. */
final class PtxModules {
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);

    synchronized CUfunction function(Kernel k) {
        CUfunction f = functions.get(k);
        if (f != null) return f;
        CUmodule module = modules.computeIfAbsent(k.module(), m -> {
            CUmodule mod = new CUmodule();
            int rc = JCudaDriver.cuModuleLoadData(mod, PtxResources.text(m));
            if (rc != 0)
                throw new CudaException("cuModuleLoadData(" + m + ".ptx) failed: " + jcuda.driver.CUresult.stringFor(rc)
                        + " (the driver could not JIT-compile PTX ISA " + PtxResources.isaVersion() + " for this device)");
            return mod;
        });
        f = new CUfunction();
        Driver.check("cuModuleGetFunction(" + k.entry() + ")", JCudaDriver.cuModuleGetFunction(f, module, k.entry()));
        functions.put(k, f);
        return f;
    }

    synchronized void unload() {
        for (CUmodule m : modules.values()) JCudaDriver.cuModuleUnload(m);
        modules.clear();
        functions.clear();
    }
}
