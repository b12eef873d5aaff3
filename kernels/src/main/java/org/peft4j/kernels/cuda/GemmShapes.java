package org.peft4j.kernels.cuda;

/** Argument checks shared by the PTX and cuBLAS GEMMs (row-major, leading dimensions in elements). */
final class GemmShapes {
    private GemmShapes() {}

    static void check(String op, boolean transA, boolean transB, int m, int n, int k, long lda, long ldb, long ldc, int batch) {
        if (m < 0 || n < 0 || k < 0 || batch < 0)
            throw new IllegalArgumentException(op + ": m, n, k and batch must be >= 0, got m=" + m + " n=" + n + " k=" + k + " batch=" + batch);
        long minLda = Math.max(1, transA ? m : k), minLdb = Math.max(1, transB ? k : n), minLdc = Math.max(1, n);
        if (lda < minLda) throw new IllegalArgumentException(op + ": lda " + lda + " < " + minLda + " (A is " + (transA ? "k x m" : "m x k") + " row-major)");
        if (ldb < minLdb) throw new IllegalArgumentException(op + ": ldb " + ldb + " < " + minLdb + " (B is " + (transB ? "n x k" : "k x n") + " row-major)");
        if (ldc < minLdc) throw new IllegalArgumentException(op + ": ldc " + ldc + " < " + minLdc);
        if (batch > 65535) throw new IllegalArgumentException(op + ": batch " + batch + " exceeds the grid's z limit 65535");
    }
}
