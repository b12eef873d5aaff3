package org.peft4j.kernels.cuda;

/**
 * The top-k singular triplets of an m x n fp32 matrix: u [m, k] and v [n, k] row-major, singular values in
 * descending order, so that W ~ u diag(s) v^T. Computed on the GPU by cuSOLVER (an exact SVD, truncated) where it
 * loads, else by {@link GpuRandomizedSvd}.
 */
public record TruncatedSvd(int m, int n, int k, float[] u, double[] s, float[] v) {

    /** An exact SVD of a device matrix, truncated to k (the cuSOLVER path). */
    public interface Engine {
        TruncatedSvd compute(CudaContext ctx, long w, int m, int n, int k);
    }

    /** cuSOLVER's SVD where it loaded, else the randomized SVD (oversampling 10, the given power iterations and seed). */
    public static TruncatedSvd compute(CudaContext ctx, long w, int m, int n, int k, int powerIterations, long seed) {
        checkRank(m, n, k);
        Engine exact = ctx.exactSvd();
        if (exact != null) return exact.compute(ctx, w, m, n, k);
        return GpuRandomizedSvd.compute(ctx, w, m, n, k, 10, powerIterations, seed);
    }

    static void checkRank(int m, int n, int k) {
        if (m < 1 || n < 1) throw new IllegalArgumentException("SVD of an empty " + m + "x" + n + " matrix");
        if (k < 1 || k > Math.min(m, n))
            throw new IllegalArgumentException("SVD rank " + k + " must be between 1 and min(m, n) = " + Math.min(m, n) + " for a " + m + "x" + n + " matrix");
    }
}
