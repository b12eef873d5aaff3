package org.peft4j.kernels.cuda;

/**
 * What the probe found: whether a usable CUDA device exists and, if not, why (no libcuda.so.1, no device,
 * driver too old, ...), plus whether cuBLAS and cuSOLVER loaded (the backend works without them: GEMM falls back
 * to the PTX kernels, SVD to the randomized one).
 */
public record CudaStatus(boolean available, String reason, int deviceCount, int driverVersion, String deviceName,
                         int computeMajor, int computeMinor, LibraryStatus cublas, LibraryStatus cusolver) {

    /** Whether an optional CUDA library loaded, and the reason when it did not. */
    public record LibraryStatus(boolean loaded, String detail) {
        public static final LibraryStatus NOT_PROBED = new LibraryStatus(false, "not probed (no usable device)");

        public static LibraryStatus loaded(String detail) { return new LibraryStatus(true, detail); }

        public static LibraryStatus missing(String detail) { return new LibraryStatus(false, detail); }
    }

    public static CudaStatus unavailable(String reason) {
        return new CudaStatus(false, reason, 0, 0, "", 0, 0, LibraryStatus.NOT_PROBED, LibraryStatus.NOT_PROBED);
    }

    public CudaStatus withLibraries(LibraryStatus cublas, LibraryStatus cusolver) {
        return new CudaStatus(available, reason, deviceCount, driverVersion, deviceName, computeMajor, computeMinor, cublas, cusolver);
    }

    /** 12040 -> "12.4", as cuDriverGetVersion encodes it (1000 * major + 10 * minor). */
    public static String versionString(int v) { return (v / 1000) + "." + (v % 1000) / 10; }

    /** One line for logs and exception messages. */
    public String summary() {
        if (!available) return "CUDA unavailable: " + reason + "; the CPU path is used";
        return "CUDA: " + deviceName + " (sm_" + computeMajor + computeMinor + ", driver supports CUDA " + versionString(driverVersion)
                + ", " + deviceCount + " device(s)); cuBLAS " + (cublas.loaded() ? "loaded" : "not loaded: " + cublas.detail())
                + "; cuSOLVER " + (cusolver.loaded() ? "loaded" : "not loaded: " + cusolver.detail());
    }
}
