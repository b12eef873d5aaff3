package org.peft4j.kernels.cpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ReductionsTest {
    /** Output strides of a reduction over dim: contiguous over the kept dims, 0 along dim. */
    private static int[] reducedStrides(int[] sizes, int dim) {
        int[] kept = sizes.clone();
        kept[dim] = 1;
        int[] s = Strided.contiguousStrides(kept);
        s[dim] = 0;
        return s;
    }

    /** Sum tolerance scaled by the sum of magnitudes: the condition number of summation. */
    private static void assertSumsClose(String what, float[] want, float[] got, float[] absSums) {
        for (int i = 0; i < want.length; i++)
            assertEquals(want[i], got[i], 1e-5 * absSums[i] + 1e-30, what + " element " + i);
    }

    @Test
    void sumAndMaxAlongEachDimMatchReference() {
        Random rng = new Random(5);
        for (int n : Close.SIZES) {
            int[] sizes = {3, n, 5};
            float[] x = Close.random(rng, 3 * n * 5, -2, 2);
            float[] ax = new float[x.length];
            for (int i = 0; i < x.length; i++) ax[i] = Math.abs(x[i]);
            int[][] layouts = {Strided.contiguousStrides(sizes), {1, 3 * 5, 3} /* a permuted view of [n, 5, 3] */};
            for (int[] xs : layouts)
                for (int dim = 0; dim < 3; dim++) {
                    int[] os = reducedStrides(sizes, dim);
                    int outLen = 3 * n * 5 / sizes[dim];
                    float[] got = new float[outLen], want = new float[outLen], abs = new float[outLen];
                    Reductions.sum(sizes, x, 0, xs, got, 0, os);
                    ReductionsReference.sum(sizes, x, 0, xs, want, 0, os);
                    ReductionsReference.sum(sizes, ax, 0, xs, abs, 0, os);
                    assertSumsClose("sum n=" + n + " dim=" + dim, want, got, abs);
                    Reductions.mean(sizes, x, 0, xs, got, 0, os);
                    ReductionsReference.mean(sizes, x, 0, xs, want, 0, os);
                    for (int i = 0; i < outLen; i++) abs[i] /= sizes[dim];
                    assertSumsClose("mean n=" + n + " dim=" + dim, want, got, abs);
                    Reductions.max(sizes, x, 0, xs, got, 0, os);
                    ReductionsReference.max(sizes, x, 0, xs, want, 0, os);
                    assertArrayEquals(want, got, "max n=" + n + " dim=" + dim);
                    long[] ag = new long[outLen], aw = new long[outLen];
                    Reductions.argmax(sizes, dim, x, 0, xs, ag, 0);
                    ReductionsReference.argmax(sizes, dim, x, 0, xs, aw, 0);
                    assertArrayEquals(aw, ag, "argmax n=" + n + " dim=" + dim);
                }
        }
    }

    @Test
    void sumOverEverythingAndToABroadcastShape() {
        Random rng = new Random(6);
        for (int n : Close.SIZES) {
            float[] x = Close.random(rng, 4 * n, 0, 1);
            float[] got = new float[1], want = new float[1];
            Reductions.sum(new int[]{4, n}, x, 0, new int[]{n, 1}, got, 0, new int[]{0, 0});
            ReductionsReference.sum(new int[]{4, n}, x, 0, new int[]{n, 1}, want, 0, new int[]{0, 0});
            assertEquals(want[0], got[0], 1e-5 * want[0]);
            // [4, n] -> [1, n] laid out at offset 2 of a larger array
            float[] g2 = new float[n + 2], w2 = new float[n + 2];
            Reductions.sum(new int[]{4, n}, x, 0, new int[]{n, 1}, g2, 2, new int[]{0, 1});
            ReductionsReference.sum(new int[]{4, n}, x, 0, new int[]{n, 1}, w2, 2, new int[]{0, 1});
            Close.assertClose("sumTo n=" + n, w2, g2, 1e-5, 1e-6);
        }
    }

    @Test
    void longRowsAreSummedAccurately() {
        // 1e6 copies of 0.1f: a plain float running sum drifts by ~1%; the cascade stays at float rounding
        int n = 1_000_000;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 0.1f);
        assertEquals(n * (double) 0.1f, Reductions.rowSum(x, 0, n), 1e-6 * n * 0.1);
    }

    @Test
    void argmaxTakesFirstOfTiesAndFirstNaN() {
        float[] x = {1, 3, 3, 2, Float.NaN, 5, Float.NaN, 0};
        long[] out = new long[2];
        Reductions.argmax(new int[]{2, 4}, 1, x, 0, new int[]{4, 1}, out, 0);
        assertArrayEquals(new long[]{1, 0}, out);
        float[] max = new float[2];
        Reductions.max(new int[]{2, 4}, x, 0, new int[]{4, 1}, max, 0, new int[]{1, 0});
        assertEquals(3f, max[0]);
        assertTrue(Float.isNaN(max[1]));
    }

    @Test
    void rowHelpersHandleAllLengths() {
        Random rng = new Random(7);
        for (int n = 0; n < 70; n++) {
            float[] x = Close.random(rng, n + 1, -5, 5);
            double s = 0;
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 1; i <= n; i++) { s += x[i]; m = Math.max(m, x[i]); }
            assertEquals(s, Reductions.rowSum(x, 1, n), 1e-5 * (5 * n + 1));
            assertEquals(m, Reductions.rowMax(x, 1, n));
        }
    }

    @Test
    void badArguments() {
        float[] x = new float[6];
        assertThrows(IllegalArgumentException.class, () -> Reductions.sum(new int[]{2, 3}, x, 0, new int[]{3, 1}, new float[1], 0, new int[]{1, 0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reductions.argmax(new int[]{2, 3}, 2, x, 0, new int[]{3, 1}, new long[2], 0));
        assertTrue(e.getMessage().startsWith("argmax:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Reductions.max(new int[]{2, 0}, x, 0, new int[]{3, 1}, new float[2], 0, new int[]{1, 0}));
        assertThrows(IllegalArgumentException.class, () -> Reductions.sum(new int[]{2, 4}, x, 0, new int[]{3, 1}, new float[2], 0, new int[]{1, 0}));
    }
}
