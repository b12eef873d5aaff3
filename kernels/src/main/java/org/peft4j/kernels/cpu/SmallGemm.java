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
     * taken at once (they stay in L1 while every row of A passes), so each vector of A feeds four FMAs. B's rows
     * are read from float[] only — B's own array, or a buffer they are widened into — so the hot loop never calls
     * through the BOperand interface: with both operand classes seen at one call site, C2 inlined both and boxed
     * every vector where their results merged (gigabytes of garbage per decoded sequence).
     */
    private static void dotColumns(int m, int k, float[] aRows, BOperand b, int from, int to,
                                   float alpha, float beta, float[] c, int cOffset, int ldc) {
        float[] array = b.array();
        float[] rows = array != null ? array : new float[4 * k];
        int vectorEnd = k - k % L, j = from;
        for (; j + 4 <= to; j += 4) {
            int o0, o1, o2, o3;
            if (array != null) {
                o0 = b.index(j, 0); o1 = b.index(j + 1, 0); o2 = b.index(j + 2, 0); o3 = b.index(j + 3, 0);
            } else {
                for (int q = 0; q < 4; q++) b.widenRow(j + q, 0, k, rows, q * k);
                o0 = 0; o1 = k; o2 = 2 * k; o3 = 3 * k;
            }
            for (int i = 0; i < m; i++) {
                int ar = i * k, p = 0;
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (; p < vectorEnd; p += L) {
                    FloatVector av = FloatVector.fromArray(S, aRows, ar + p);
                    s0 = FloatVector.fromArray(S, rows, o0 + p).fma(av, s0);
                    s1 = FloatVector.fromArray(S, rows, o1 + p).fma(av, s1);
                    s2 = FloatVector.fromArray(S, rows, o2 + p).fma(av, s2);
                    s3 = FloatVector.fromArray(S, rows, o3 + p).fma(av, s3);
                }
                float d0 = VectorMath.sumLanes(s0), d1 = VectorMath.sumLanes(s1);
                float d2 = VectorMath.sumLanes(s2), d3 = VectorMath.sumLanes(s3);
                for (; p < k; p++) {
                    float av = aRows[ar + p];
                    d0 += av * rows[o0 + p];
                    d1 += av * rows[o1 + p];
                    d2 += av * rows[o2 + p];
                    d3 += av * rows[o3 + p];
                }
                int ci = cOffset + i * ldc + j;
                store(c, ci, d0, alpha, beta);
                store(c, ci + 1, d1, alpha, beta);
                store(c, ci + 2, d2, alpha, beta);
                store(c, ci + 3, d3, alpha, beta);
            }
        }
        for (; j < to; j++) {
            int o0;
            if (array != null) o0 = b.index(j, 0);
            else {
                b.widenRow(j, 0, k, rows, 0);
                o0 = 0;
            }
            for (int i = 0; i < m; i++) {
                int ar = i * k, p = 0;
                FloatVector s0 = FloatVector.zero(S);
                for (; p < vectorEnd; p += L) s0 = FloatVector.fromArray(S, rows, o0 + p).fma(FloatVector.fromArray(S, aRows, ar + p), s0);
                float sum = VectorMath.sumLanes(s0);
                for (; p < k; p++) sum += aRows[ar + p] * rows[o0 + p];
                store(c, cOffset + i * ldc + j, sum, alpha, beta);
            }
        }
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

    /**
     * acc (m x n, row-major) += A[:, p0..p1) * (stored rows p0..p1 of B), four stored rows per pass over acc,
     * read from float[] only (see {@link #dotColumns} for why).
     */
    private static void accumulateRows(int m, int n, int k, float[] aRows, BOperand b, int p0, int p1, float[] acc) {
        float[] array = b.array();
        float[] rows = array != null ? array : new float[4 * n];
        int p = p0;
        for (; p + 4 <= p1; p += 4) {
            int o0, o1, o2, o3;
            if (array != null) {
                o0 = b.index(p, 0); o1 = b.index(p + 1, 0); o2 = b.index(p + 2, 0); o3 = b.index(p + 3, 0);
            } else {
                for (int q = 0; q < 4; q++) b.widenRow(p + q, 0, n, rows, q * n);
                o0 = 0; o1 = n; o2 = 2 * n; o3 = 3 * n;
            }
            for (int i = 0; i < m; i++) {
                int ar = i * k + p, row = i * n, j = 0;
                FloatVector a0 = FloatVector.broadcast(S, aRows[ar]), a1 = FloatVector.broadcast(S, aRows[ar + 1]);
                FloatVector a2 = FloatVector.broadcast(S, aRows[ar + 2]), a3 = FloatVector.broadcast(S, aRows[ar + 3]);
                for (; j + L <= n; j += L) {
                    FloatVector s = FloatVector.fromArray(S, acc, row + j);
                    s = FloatVector.fromArray(S, rows, o0 + j).fma(a0, s);
                    s = FloatVector.fromArray(S, rows, o1 + j).fma(a1, s);
                    s = FloatVector.fromArray(S, rows, o2 + j).fma(a2, s);
                    s = FloatVector.fromArray(S, rows, o3 + j).fma(a3, s);
                    s.intoArray(acc, row + j);
                }
                for (; j < n; j++)
                    acc[row + j] += aRows[ar] * rows[o0 + j] + aRows[ar + 1] * rows[o1 + j]
                            + aRows[ar + 2] * rows[o2 + j] + aRows[ar + 3] * rows[o3 + j];
            }
        }
        for (; p < p1; p++) {
            int o0;
            if (array != null) o0 = b.index(p, 0);
            else {
                b.widenRow(p, 0, n, rows, 0);
                o0 = 0;
            }
            for (int i = 0; i < m; i++) {
                float av = aRows[i * k + p];
                int row = i * n, j = 0;
                FloatVector va = FloatVector.broadcast(S, av);
                for (; j + L <= n; j += L) FloatVector.fromArray(S, rows, o0 + j).fma(va, FloatVector.fromArray(S, acc, row + j)).intoArray(acc, row + j);
                for (; j < n; j++) acc[row + j] += av * rows[o0 + j];
            }
        }
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
