package org.peft4j.kernels.cpu;

import java.lang.foreign.MemorySegment;

/**
 * Scalar reference for {@link Gemm}: the textbook triple loop, accumulating in double. Slow and obviously right;
 * the tests compare the blocked SIMD GEMM against it. Same argument conventions and validation as {@link Gemm}.
 */
public final class GemmReference {
    private GemmReference() {}

    /** Element (row, col) of op(X) for a row-major X. */
    private interface Elements {
        double get(long index);
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        GemmChecks.check("sgemm", transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb, c.length, cOffset, ldc);
        run(transA, transB, m, n, k, alpha, a, aOffset, lda, i -> b[(int) i], bOffset, ldb, beta, c, cOffset, ldc);
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, MemorySegment b, FloatFormat bFormat, long bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        GemmChecks.check("sgemm", transA, transB, m, n, k, a.length, aOffset, lda,
                b.byteSize() / bFormat.byteSize(), bOffset, ldb, c.length, cOffset, ldc);
        run(transA, transB, m, n, k, alpha, a, aOffset, lda, i -> HalfFloats.get(b, bFormat, i), bOffset, ldb, beta, c, cOffset, ldc);
    }

    private static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOffset, int lda, Elements b, long bOffset, int ldb,
                            float beta, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    double bv = transB ? b.get(bOffset + (long) j * ldb + p) : b.get(bOffset + (long) p * ldb + j);
                    sum += av * bv;
                }
                int ci = cOffset + i * ldc + j;
                // BLAS convention: beta == 0 overwrites C without reading it (C may hold NaN or garbage).
                double prior = beta == 0f ? 0 : (double) beta * c[ci];
                c[ci] = (float) (alpha * sum + prior);
            }
        }
    }
}
