package org.peft4j.kernels.cuda.driver;

import jcuda.jcublas.JCublas2;
import jcuda.jcusolver.JCusolver;
import org.peft4j.kernels.cuda.CudaStatus.LibraryStatus;
import org.peft4j.kernels.cuda.NativeLibraries;

/**
 * Whether cuBLAS and cuSOLVER can be used: first whether the CUDA libraries that JCuda 12.6's natives link
 * against (libcublas.so.12; libcusolver.so.11 and libcusolverMg.so.11, CUDA 12's sonames) load, then whether
 * JCuda's own natives load. A CUDA 13 toolkit ships libcublas.so.13 instead, so on such a machine cuBLAS is
 * reported missing and the PTX GEMM is used.
 */
public final class OptionalLibraries {
    static final String LIBCUBLAS = "libcublas.so.12";
    static final String[] LIBCUSOLVER = {"libcusolver.so.11", "libcusolverMg.so.11"};

    private OptionalLibraries() {}

    public static LibraryStatus cublas() {
        String why = NativeLibraries.whyNotLoadable(LIBCUBLAS);
        if (why != null)
            return LibraryStatus.missing("missing " + LIBCUBLAS + " (JCublas 12.6's natives link against it): " + why + "; GEMM uses the PTX kernels");
        try {
            JCublas2.setExceptionsEnabled(false);
            JCublas2.initialize();
            return LibraryStatus.loaded("JCublas2 12.6.0 over " + LIBCUBLAS);
        } catch (LinkageError e) {
            return LibraryStatus.missing("JCublas2's natives failed to load: " + e.getMessage() + "; GEMM uses the PTX kernels");
        }
    }

    public static LibraryStatus cusolver() {
        for (String lib : LIBCUSOLVER) {
            String why = NativeLibraries.whyNotLoadable(lib);
            if (why != null)
                return LibraryStatus.missing("missing " + lib + " (JCusolver 12.6's natives link against it): " + why + "; SVD uses the randomized GPU path");
        }
        try {
            JCusolver.setExceptionsEnabled(false);
            JCusolver.initialize();
            return LibraryStatus.loaded("JCusolver (11.7.0 classes, 12.6.0 natives) over " + String.join(", ", LIBCUSOLVER));
        } catch (LinkageError e) {
            return LibraryStatus.missing("JCusolver's natives failed to load: " + e.getMessage() + "; SVD uses the randomized GPU path");
        }
    }
}
