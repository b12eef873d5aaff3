package org.peft4j.kernels.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocked SIMD GEMM against the scalar reference on odd sizes, transposes, strided views, alpha/beta, F16/BF16 B. */
class GemmTest {
    private static final int[] ODD = {1, 7, 17, 33};
    private static final boolean[] BOOLS = {false, true};
    private final int defaultThreads = KernelPool.threads();

    @AfterEach
    void restoreThreads() { KernelPool.setThreads(defaultThreads); }

    /** Runs Gemm and GemmReference on the same operands (padded views with the given extra stride/offset) and compares. */
    private static void check(Random rng, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                              int pad, int offset) {
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = GemmTestSupport.random(rng, offset + aRows * lda);
        float[] b = GemmTestSupport.random(rng, offset + bRows * ldb);
        float[] c0 = GemmTestSupport.random(rng, offset + m * ldc + pad);
        if (beta == 0f) Arrays.fill(c0, offset, offset + m * ldc, Float.NaN); // beta == 0 must not read C
        float[] actual = c0.clone(), expected = c0.clone();
        Gemm.sgemm(transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, actual, offset, ldc);
        GemmReference.sgemm(transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, expected, offset, ldc);
        String what = GemmChecks.describe("sgemm", transA, transB, m, n, k) + " alpha=" + alpha + " beta=" + beta + " pad=" + pad;
        GemmTestSupport.assertClose(what, transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, c0,
                actual, expected, offset, ldc);
        assertUntouchedOutsideC(what, c0, actual, m, n, offset, ldc);
    }

    private static void assertUntouchedOutsideC(String what, float[] before, float[] after, int m, int n, int offset, int ldc) {
        for (int idx = 0; idx < before.length; idx++) {
            int rel = idx - offset;
            boolean insideC = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!insideC && Float.floatToRawIntBits(before[idx]) != Float.floatToRawIntBits(after[idx]))
                throw new AssertionError(what + ": element " + idx + " outside C was written");
        }
    }

    @Test
    void oddSizesAllTransposes() {
        Random rng = new Random(1);
        for (boolean ta : BOOLS) for (boolean tb : BOOLS)
            for (int m : ODD) for (int n : ODD) for (int k : ODD) check(rng, ta, tb, m, n, k, 1f, 0f, 0, 0);
    }

    @Test
    void sizesAcrossBlockBoundaries() {
        Random rng = new Random(2);
        // KC (768) is crossed by k = 1000, MC (168) by m >= 300, NC (4096) by n = 4200; m <= 32 takes the small path
        int[][] shapes = {{1000, 33, 17}, {17, 1000, 33}, {33, 17, 1000}, {400, 7, 1000}, {7, 1000, 800},
                {500, 300, 7}, {300, 40, 100}, {40, 4200, 9}};
        for (int[] s : shapes) for (boolean ta : BOOLS) for (boolean tb : BOOLS)
            check(rng, ta, tb, s[0], s[1], s[2], 1f, 0f, 0, 0);
    }

    @Test
    void fewRowsTakeTheUnpackedPath() {
        Random rng = new Random(12);
        for (boolean ta : BOOLS) for (boolean tb : BOOLS) {
            for (int m : new int[]{1, 2, 3, 4, 9, SmallGemm.MAX_ROWS, SmallGemm.MAX_ROWS_TRANSPOSED_B})
                for (int[] nk : new int[][]{{1, 1}, {17, 7}, {100, 33}, {300, 100}, {70, 65}})
                    check(rng, ta, tb, m, nk[0], nk[1], 1.5f, m % 2 == 0 ? 0f : 0.5f, 3, 2);
            check(rng, ta, tb, 1, 2000, 300, 1f, 0f, 0, 0); // large enough to run in parallel
        }
    }

    /** The few-rows path gives the same bits on 1, 2 and 3 threads (B's stored rows are summed in fixed bands). */
    @Test
    void fewRowsSameBitsOnAnyNumberOfThreads() {
        Random rng = new Random(13);
        int n = 300, k = 700;
        for (boolean tb : BOOLS)
            for (int m : new int[]{1, 5}) {
                float[] a = GemmTestSupport.random(rng, m * k), b = GemmTestSupport.random(rng, n * k);
                float[] first = null;
                for (int threads = 1; threads <= 3; threads++) {
                    KernelPool.setThreads(threads);
                    float[] c = new float[m * n];
                    Gemm.sgemm(false, tb, m, n, k, 1f, a, 0, k, b, 0, tb ? k : n, 0f, c, 0, n);
                    if (first == null) {
                        first = c;
                        float[] want = new float[m * n];
                        GemmReference.sgemm(false, tb, m, n, k, 1f, a, 0, k, b, 0, tb ? k : n, 0f, want, 0, n);
                        Close.assertClose("few rows m=" + m + " transB=" + tb, want, c, 1e-4, 1e-4);
                    } else {
                        for (int i = 0; i < c.length; i++)
                            assertEquals(Float.floatToRawIntBits(first[i]), Float.floatToRawIntBits(c[i]),
                                    "m=" + m + " transB=" + tb + " element " + i + " on " + threads + " threads");
                    }
                }
            }
    }

    @Test
    void stridedViewsAndOffsets() {
        Random rng = new Random(3);
        for (boolean ta : BOOLS) for (boolean tb : BOOLS) {
            check(rng, ta, tb, 17, 33, 7, 1f, 0f, 5, 3);
            check(rng, ta, tb, 45, 70, 300, 1f, 0.5f, 13, 11);
        }
    }

    @Test
    void alphaBetaVariants() {
        Random rng = new Random(4);
        float[][] ab = {{1f, 0f}, {2.5f, 0f}, {1f, 1f}, {-0.5f, 0.75f}, {0f, 2f}, {0f, 0f}, {3f, -1f}};
        for (float[] v : ab) for (boolean ta : BOOLS) for (boolean tb : BOOLS) {
            check(rng, ta, tb, 33, 17, 300, v[0], v[1], 2, 1);
            check(rng, ta, tb, 7, 1, 1, v[0], v[1], 0, 0);
        }
    }

    @Test
    void emptyDimensions() {
        Random rng = new Random(5);
        check(rng, false, false, 0, 5, 3, 1f, 0f, 0, 0);
        check(rng, false, false, 5, 0, 3, 1f, 0f, 0, 0);
        check(rng, false, true, 5, 4, 0, 1f, 0.5f, 0, 0); // k = 0: C = beta * C
        check(rng, true, false, 5, 4, 0, 1f, 0f, 0, 0);
    }

    @Test
    void oneAndThreeThreads() {
        Random rng = new Random(6);
        for (int threads : new int[]{1, 3}) {
            KernelPool.setThreads(threads);
            check(rng, false, true, 100, 130, 70, 1f, 0f, 0, 0);
            check(rng, true, false, 3, 500, 40, 1f, 0.25f, 1, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(FloatFormat.class)
    void segmentB(FloatFormat format) {
        Random rng = new Random(7);
        int[][] shapes = {{1, 1, 1}, {1, 300, 70}, {3, 65, 100}, {7, 17, 33}, {40, 7, 17}, {40, 33, 1000}, {100, 70, 65}, {5, 37, 8},
                {2, 37, 700}}; // the last: few rows over several bands of B's stored rows
        // A shared arena (packed by all threads, like a mapped weights file) and a confined one (owner thread only).
        for (Arena arena : new Arena[]{Arena.ofShared(), Arena.ofConfined()}) try (arena) {
            for (int[] s : shapes) for (boolean ta : BOOLS) for (boolean tb : BOOLS) {
                int m = s[0], n = s[1], k = s[2], pad = 3, off = 5;
                int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n;
                float[] a = GemmTestSupport.random(rng, off + (ta ? k : m) * lda);
                float[] b = GemmTestSupport.roundTo(GemmTestSupport.random(rng, off + (tb ? n : k) * ldb), format);
                MemorySegment seg = GemmTestSupport.segment(arena, b, format);
                float[] c0 = GemmTestSupport.random(rng, m * ldc);
                float[] actual = c0.clone(), expected = c0.clone();
                Gemm.sgemm(ta, tb, m, n, k, 1.5f, a, off, lda, seg, format, off, ldb, 0.5f, actual, 0, ldc);
                GemmReference.sgemm(ta, tb, m, n, k, 1.5f, a, off, lda, seg, format, off, ldb, 0.5f, expected, 0, ldc);
                GemmTestSupport.assertClose(format + " " + GemmChecks.describe("sgemm", ta, tb, m, n, k), ta, tb, m, n, k, 1.5f,
                        a, off, lda, b, off, ldb, 0.5f, c0, actual, expected, 0, ldc);
            }
        }
    }

    @Test
    void segmentAndArrayPathsAgreeExactlyForF32() {
        Random rng = new Random(8);
        int m = 40, n = 50, k = 300;
        float[] a = GemmTestSupport.random(rng, m * k), b = GemmTestSupport.random(rng, n * k);
        float[] c1 = new float[m * n], c2 = new float[m * n];
        try (Arena arena = Arena.ofConfined()) {
            Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, GemmTestSupport.segment(arena, b, FloatFormat.F32), FloatFormat.F32, 0, k, 0f, c1, 0, n);
        }
        Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c2, 0, n);
        assertArrayEquals(c2, c1); // same packing layout, same summation order
    }

    @Test
    void batchedStridedAndBroadcast() {
        Random rng = new Random(9);
        int batch = 5, m = 17, n = 33, k = 20;
        for (boolean ta : BOOLS) for (boolean tb : BOOLS) for (int strideB : new int[]{n * k, 0}) {
            float[] a = GemmTestSupport.random(rng, batch * m * k);
            float[] b = GemmTestSupport.random(rng, batch * n * k);
            float[] actual = new float[batch * m * n], expected = new float[batch * m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            Gemm.sgemmBatched(batch, ta, tb, m, n, k, 1f, a, 0, lda, m * k, b, 0, ldb, strideB, 0f, actual, 0, n, m * n);
            for (int t = 0; t < batch; t++)
                GemmReference.sgemm(ta, tb, m, n, k, 1f, a, t * m * k, lda, b, t * strideB, ldb, 0f, expected, t * m * n, n);
            for (int t = 0; t < batch; t++)
                GemmTestSupport.assertClose("batch item " + t, ta, tb, m, n, k, 1f, a, t * m * k, lda, b, t * strideB, ldb, 0f,
                        new float[batch * m * n], actual, expected, t * m * n, n);
        }
    }

    @Test
    void batchedSmallerThanThreadCount() {
        KernelPool.setThreads(4);
        Random rng = new Random(10);
        int batch = 2, m = 70, n = 40, k = 30;
        float[] a = GemmTestSupport.random(rng, batch * m * k), b = GemmTestSupport.random(rng, batch * k * n);
        float[] actual = new float[batch * m * n], expected = new float[batch * m * n];
        Gemm.sgemmBatched(batch, false, false, m, n, k, 1f, a, 0, k, m * k, b, 0, n, k * n, 0f, actual, 0, n, m * n);
        for (int t = 0; t < batch; t++)
            GemmReference.sgemm(false, false, m, n, k, 1f, a, t * m * k, k, b, t * k * n, n, 0f, expected, t * m * n, n);
        for (int t = 0; t < batch; t++)
            GemmTestSupport.assertClose("batch item " + t, false, false, m, n, k, 1f, a, t * m * k, k, b, t * k * n, n, 0f,
                    new float[batch * m * n], actual, expected, t * m * n, n);
    }

    @Test
    void microKernelShapeMatchesSpecies() {
        MicroKernel kernel = GemmDriver.KERNEL;
        assertEquals(2 * MicroKernel.SPECIES.length(), kernel.nr());
        assertTrue(kernel.mr() == 6 || kernel.mr() == 12);
    }

    @Test
    void bothMicroKernelsMatchReferenceOnOneTile() {
        Random rng = new Random(11);
        for (MicroKernel kernel : new MicroKernel[]{new MicroKernel1x1(), new MicroKernel6x2(), new MicroKernel12x2(), new MicroKernel14x2()}) {
            int mr = kernel.mr(), nr = kernel.nr(), kc = 37, ldc = nr + 3;
            float[] a = GemmTestSupport.random(rng, mr * kc), b = GemmTestSupport.random(rng, kc * nr);
            float[] c0 = GemmTestSupport.random(rng, mr * ldc), c = c0.clone(), expected = c0.clone();
            float[] tile = new float[mr * nr];
            kernel.run(kc, a, 0, b, 0, tile);
            TileWriter.write(tile, nr, mr, nr, c, 0, ldc, 2f, 0.5f);
            // packed A is (p, i) -> a[p*mr + i], i.e. A^T stored kc x mr: transA with lda = mr
            GemmReference.sgemm(true, false, mr, nr, kc, 2f, a, 0, mr, b, 0, nr, 0.5f, expected, 0, ldc);
            GemmTestSupport.assertClose("micro-kernel " + mr + "x" + nr, true, false, mr, nr, kc, 2f, a, 0, mr, b, 0, nr, 0.5f,
                    c0, c, expected, 0, ldc);
        }
    }
}
