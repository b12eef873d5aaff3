package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM for a few rows of C (see {@link #suits}: token-by-token decoding, tiny batches, LoRA's rank-r products). The blocked path would
 * pack all of B to use a handful of each 14-row tile, so here B is read once, in place, and the work is memory
 * bound as it should be: with op(B) = B^T (a [out, in] weight) each C element is a dot product along a stored row;
 * otherwise each row of C is a sum of rows of B scaled by elements of A. Parallel over columns of C (B^T), or over
 * a fixed number of bands of B's stored rows (B), so that results never depend on the thread count.
 */
final class SmallGemm {
    /**
     * Up to this many rows of C the unpacked path wins: packing a B panel costs about as much as multiplying it by
     * a few dozen rows. Measured with n = 3072, k = 768, 2 threads on the reference machine (noisy, best of runs):
     * BF16 B^T packed 11 / 19 / 24 / 39 GFLOP/s at m = 8 / 16 / 32 / 64 against 42 / 92 / 46 / 50 unpacked;
     * fp32 B (not transposed) packed 41 / 61 at m = 32 / 64 against 34 / 22 unpacked.
     */
    static final int MAX_ROWS_TRANSPOSED_B = 32, MAX_ROWS = 16;

    static boolean suits(int m, BOperand b) { return m <= (b.transposed() ? MAX_ROWS_TRANSPOSED_B : MAX_ROWS); }

    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;
    private static final int L = S.length();
    /** Columns per parallel piece, and the least work (multiply-adds) worth splitting at all. */
    private static final int MIN_PIECE_COLUMNS = 64, MIN_PARALLEL_WORK = 1 << 18;

    private SmallGemm() {}

    static void gemm(boolean transA, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                     BOperand b, float beta, float[] c, int cOffset, int ldc, boolean parallel) {
        float[] aRows = new float[m * k]; // op(A) row-major and contiguous: at most MAX_ROWS x k, cheap next to B
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++) aRows[i * k + p] = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
        if (!b.transposed()) {
            combineRowsInBands(m, n, k, aRows, b, alpha, beta, c, cOffset, ldc, parallel && b.readableFromAnyThread());
            return;
        }
        int pieces = 1;
        if (parallel && (long) m * n * k >= MIN_PARALLEL_WORK)
            pieces = Math.max(1, Math.min(4 * KernelPool.threads(), n / MIN_PIECE_COLUMNS));
        if (pieces > 1 && !b.readableFromAnyThread()) pieces = 1;
        int parts = pieces;
        KernelPool.parallelFor(parts, t -> {
            int from = (int) ((long) n * t / parts), to = (int) ((long) n * (t + 1) / parts);
            dotColumns(m, k, aRows, b, from, to, alpha, beta, c, cOffset, ldc);
        });
    }

    /**
     * op(B) = B^T: C(i, j) = dot(A row i, stored row j of B) for j in [from, to). Four stored rows of B are
     * taken at once (they stay in L1 while every row of A passes), so each vector of A feeds four FMAs. The loops
     * themselves live in the operand classes ({@link BOperand#dotRows4}), so their loads are monomorphic.
     */
    private static void dotColumns(int m, int k, float[] aRows, BOperand b, int from, int to,
                                   float alpha, float beta, float[] c, int cOffset, int ldc) {
        float[] d = new float[4];
        int j = from;
        for (; j + 4 <= to; j += 4)
            for (int i = 0; i < m; i++) {
                b.dotRows4(j, k, aRows, i * k, d, 0);
                int ci = cOffset + i * ldc + j;
                for (int q = 0; q < 4; q++) store(c, ci + q, d[q], alpha, beta);
            }
        for (; j < to; j++)
            for (int i = 0; i < m; i++) store(c, cOffset + i * ldc + j, b.dotRow(j, k, aRows, i * k), alpha, beta);
    }

    /** Bands of stored rows of B summed separately by {@link #combineRowsInBands}: fixed, so results do not depend on threads. */
    static final int MAX_BANDS = 8, MIN_BAND_ROWS = 64;

    /**
     * B stored k x n: row i of C = sum_p A(i, p) * (stored row p of B). The k stored rows are split into a fixed
     * number of bands; each band streams its rows whole and in order (one contiguous run of memory, which the
     * prefetchers follow; walking narrow column chunks of every row instead crossed a page per row and ran at half
     * the speed in decoding), four rows at a time into a partial C of its own, and the partials are added in band
     * order at the end.
     */
    private static void combineRowsInBands(int m, int n, int k, float[] aRows, BOperand b, float alpha, float beta,
                                           float[] c, int cOffset, int ldc, boolean parallel) {
        int bands = Math.max(1, Math.min(MAX_BANDS, k / MIN_BAND_ROWS));
        float[][] partial = new float[bands][m * n];
        java.util.function.IntConsumer band = t -> {
            int p0 = (int) ((long) k * t / bands), p1 = (int) ((long) k * (t + 1) / bands);
            accumulateRows(m, n, k, aRows, b, p0, p1, partial[t]);
        };
        boolean split = parallel && bands > 1 && (long) m * n * k >= MIN_PARALLEL_WORK;
        if (split) KernelPool.parallelFor(bands, band);
        else for (int t = 0; t < bands; t++) band.accept(t);
        for (int i = 0; i < m; i++) {
            int ci = cOffset + i * ldc, j = 0;
            for (; j + L <= n; j += L) {
                FloatVector sum = FloatVector.fromArray(S, partial[0], i * n + j);
                for (int t = 1; t < bands; t++) sum = sum.add(FloatVector.fromArray(S, partial[t], i * n + j));
                store(c, ci + j, sum, alpha, beta);
            }
            for (; j < n; j++) {
                float sum = partial[0][i * n + j];
                for (int t = 1; t < bands; t++) sum += partial[t][i * n + j];
                store(c, ci + j, sum, alpha, beta);
            }
        }
    }

    /** acc (m x n, row-major) += A[:, p0..p1) * (stored rows p0..p1 of B), four stored rows per pass over acc. */
    private static void accumulateRows(int m, int n, int k, float[] aRows, BOperand b, int p0, int p1, float[] acc) {
        int p = p0;
        for (; p + 4 <= p1; p += 4)
            for (int i = 0; i < m; i++) {
                int ar = i * k + p;
                b.axpyRows4(p, n, aRows[ar], aRows[ar + 1], aRows[ar + 2], aRows[ar + 3], acc, i * n);
            }
        for (; p < p1; p++)
            for (int i = 0; i < m; i++) b.axpyRow(p, n, aRows[i * k + p], acc, i * n);
    }

    /** c = alpha*v + beta*c, not reading c when beta == 0. */
    private static void store(float[] c, int index, float v, float alpha, float beta) {
        c[index] = beta == 0f ? alpha * v : alpha * v + beta * c[index];
    }

    private static void store(float[] c, int index, FloatVector v, float alpha, float beta) {
        FloatVector r = v.mul(alpha);
        if (beta != 0f) r = FloatVector.fromArray(S, c, index).mul(beta).add(r);
        r.intoArray(c, index);
    }
}
