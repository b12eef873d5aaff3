package org.peft4j.kernels.cpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SoftmaxTest {
    private static final double RTOL = 1e-5, ATOL = 1e-7;

    private interface Forward {
        void run(int[] sizes, float[] x, int xOff, int[] xStrides, float[] mask, int maskOff, int[] maskStrides, boolean causal, float[] out, int outOff);
    }

    private static void compare(String what, Forward simd, Forward ref, int[] sizes, float[] x, int[] xs, float[] mask, int[] ms, boolean causal) {
        int n = Strided.numel("test", sizes);
        float[] got = new float[n], want = new float[n];
        simd.run(sizes, x, 0, xs, mask, 0, ms, causal, got, 0);
        ref.run(sizes, x, 0, xs, mask, 0, ms, causal, want, 0);
        Close.assertClose(what, want, got, RTOL, ATOL);
    }

    @Test
    void forwardMatchesReferenceWithAndWithoutMasks() {
        Random rng = new Random(8);
        Forward[] simd = {Softmax::softmax, Softmax::logSoftmax};
        Forward[] ref = {SoftmaxReference::softmax, SoftmaxReference::logSoftmax};
        for (int k = 0; k < 2; k++)
            for (int n : Close.SIZES) {
                String name = (k == 0 ? "softmax" : "log_softmax") + " n=" + n;
                int[] sizes = {2, 3, n};
                float[] x = Close.gaussian(rng, 6 * n, 4f);
                int[] cs = Strided.contiguousStrides(sizes);
                compare(name, simd[k], ref[k], sizes, x, cs, null, null, false);
                // transposed view of a [2, n, 3] array
                compare(name + " transposed", simd[k], ref[k], sizes, x, new int[]{3 * n, 1, 3}, null, null, false);
                // padding mask per batch [2, 1, n] broadcast over the 3 query rows; last key always visible
                float[] pad = new float[2 * n];
                for (int i = 0; i < 2 * n; i++) pad[i] = (i % n) != 0 && rng.nextInt(3) == 0 ? Float.NEGATIVE_INFINITY : 0f;
                compare(name + " padded", simd[k], ref[k], sizes, x, cs, pad, new int[]{n, 0, 1}, false);
                // HF-style finite large negative mask, combined with causal (Tq = 3 <= Tk = n when n >= 3)
                float[] big = new float[2 * n];
                for (int i = 0; i < 2 * n; i++) big[i] = rng.nextInt(4) == 0 ? -3.4028235e38f : 0f;
                compare(name + " causal+mask", simd[k], ref[k], sizes, x, cs, big, new int[]{n, 0, 1}, true);
                // a per-row scalar mask (inner stride 0)
                compare(name + " row-scalar mask", simd[k], ref[k], sizes, x, cs, new float[]{1.5f, -2f}, new int[]{1, 0, 0}, false);
            }
    }

    @Test
    void causalRowsSeeOnlyThePastAndEmptyRowsAreZero() {
        int[] sizes = {4, 3}; // Tq = 4 > Tk = 3: bottom-right alignment leaves the first query with nothing visible
        float[] x = new float[12];
        float[] out = new float[12];
        Softmax.softmax(sizes, x, 0, new int[]{3, 1}, null, 0, null, true, out, 0);
        assertArrayEquals(new float[]{0, 0, 0, 1, 0, 0, 0.5f, 0.5f, 0, 1 / 3f, 1 / 3f, 1 / 3f}, out, 1e-7f);
        Softmax.logSoftmax(sizes, x, 0, new int[]{3, 1}, null, 0, null, true, out, 0);
        assertEquals(Float.NEGATIVE_INFINITY, out[0]);
        assertEquals(0f, out[3]);
        assertEquals(Float.NEGATIVE_INFINITY, out[4]);
        float[] allMasked = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] o2 = new float[2];
        Softmax.softmax(new int[]{2}, new float[]{1, 2}, 0, new int[]{1}, allMasked, 0, new int[]{1}, false, o2, 0);
        assertArrayEquals(new float[]{0, 0}, o2);
    }

    @Test
    void extremeLogitsStayFinite() {
        float[] x = {1e30f, -1e30f, 0f, 88f, 89f, -200f, 1e30f};
        float[] got = new float[x.length], want = new float[x.length];
        Softmax.softmax(new int[]{x.length}, x, 0, new int[]{1}, null, 0, null, false, got, 0);
        SoftmaxReference.softmax(new int[]{x.length}, x, 0, new int[]{1}, null, 0, null, false, want, 0);
        Close.assertClose("softmax extreme", want, got, RTOL, ATOL);
        assertEquals(0.5f, got[0]);
    }

    @Test
    void backwardMatchesReference() {
        Random rng = new Random(9);
        for (int n : Close.SIZES) {
            int rows = 3;
            float[] x = Close.gaussian(rng, rows * n, 2f), dy = Close.gaussian(rng, rows * n, 1f);
            float[] y = new float[rows * n], ly = new float[rows * n];
            Softmax.softmax(new int[]{rows, n}, x, 0, new int[]{n, 1}, null, 0, null, false, y, 0);
            Softmax.logSoftmax(new int[]{rows, n}, x, 0, new int[]{n, 1}, null, 0, null, false, ly, 0);
            float[] got = new float[rows * n + 1], want = new float[rows * n + 1];
            Softmax.softmaxBackward(rows, n, y, 0, dy, 0, got, 1);
            SoftmaxReference.softmaxBackward(rows, n, y, 0, dy, 0, want, 1);
            Close.assertClose("softmax backward n=" + n, want, got, 1e-4, 1e-6);
            Softmax.logSoftmaxBackward(rows, n, ly, 0, dy, 0, got, 1);
            SoftmaxReference.logSoftmaxBackward(rows, n, ly, 0, dy, 0, want, 1);
            Close.assertClose("log_softmax backward n=" + n, want, got, 1e-4, 1e-6);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random rng = new Random(10);
        int n = 9;
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) { x[i] = rng.nextGaussian(); w[i] = rng.nextGaussian(); }
        float[] xf = new float[n], y = new float[n], ly = new float[n], dy = new float[n], dx = new float[n], ldx = new float[n];
        for (int i = 0; i < n; i++) { xf[i] = (float) x[i]; dy[i] = (float) w[i]; }
        Softmax.softmax(new int[]{n}, xf, 0, new int[]{1}, null, 0, null, false, y, 0);
        Softmax.logSoftmax(new int[]{n}, xf, 0, new int[]{1}, null, 0, null, false, ly, 0);
        Softmax.softmaxBackward(1, n, y, 0, dy, 0, dx, 0);
        Softmax.logSoftmaxBackward(1, n, ly, 0, dy, 0, ldx, 0);
        double h = 1e-6;
        for (int i = 0; i < n; i++) {
            double[] p = x.clone(), m = x.clone();
            p[i] += h;
            m[i] -= h;
            double fd = (dot(w, softmax(p)) - dot(w, softmax(m))) / (2 * h);
            assertEquals(fd, dx[i], 1e-5, "softmax d/dx" + i);
            double lfd = (dot(w, logSoftmax(p)) - dot(w, logSoftmax(m))) / (2 * h);
            assertEquals(lfd, ldx[i], 1e-5, "log_softmax d/dx" + i);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] softmax(double[] x) {
        double[] l = logSoftmax(x);
        for (int i = 0; i < l.length; i++) l[i] = Math.exp(l[i]);
        return l;
    }

    private static double[] logSoftmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY, s = 0;
        for (double v : x) max = Math.max(max, v);
        for (double v : x) s += Math.exp(v - max);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] - max - Math.log(s);
        return out;
    }

    @Test
    void badArguments() {
        float[] x = new float[6];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.softmax(new int[]{6}, x, 0, new int[]{1}, null, 0, null, true, new float[6], 0));
        assertTrue(e.getMessage().contains("causal"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Softmax.softmax(new int[]{2, 3}, x, 0, new int[]{3, 1}, new float[2], 0, new int[]{1, 1}, false, new float[6], 0));
        assertThrows(IllegalArgumentException.class,
                () -> Softmax.softmaxBackward(2, 4, x, 0, x, 0, new float[8], 0));
        assertThrows(IllegalArgumentException.class,
                () -> Softmax.softmaxBackward(65536, 65536, x, 0, x, 0, x, 0));
    }
}
