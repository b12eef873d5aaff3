package org.peft4j.kernels.cpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class NormsTest {
    private static final float EPS = 1e-5f;

    @Test
    void layerNormForwardAndBackwardMatchReference() {
        Random rng = new Random(11);
        for (int h : Close.SIZES)
            for (boolean affine : new boolean[]{true, false}) {
                int rows = 5;
                float[] x = Close.gaussian(rng, rows * h + 2, 3f);
                for (int i = 0; i < x.length; i++) x[i] += 1.5f; // a non-zero mean
                float[] g = affine ? Close.gaussian(rng, h, 1f) : null, b = affine ? Close.gaussian(rng, h, 1f) : null;
                float[] out = new float[rows * h], mean = new float[rows], rstd = new float[rows];
                float[] rout = new float[rows * h], rmean = new float[rows], rrstd = new float[rows];
                Norms.layerNorm(rows, h, x, 2, g, 0, b, 0, EPS, out, 0, mean, 0, rstd, 0);
                NormsReference.layerNorm(rows, h, x, 2, g, 0, b, 0, EPS, rout, 0, rmean, 0, rrstd, 0);
                String what = "layer_norm h=" + h + " affine=" + affine;
                Close.assertClose(what + " out", rout, out, 1e-5, 1e-5);
                Close.assertClose(what + " mean", rmean, mean, 1e-5, 1e-6);
                Close.assertClose(what + " rstd", rrstd, rstd, 1e-5, 0);

                float[] dy = Close.gaussian(rng, rows * h, 1f);
                float[] dx = new float[rows * h], dg = new float[h], db = new float[h];
                float[] rdx = new float[rows * h], rdg = new float[h], rdb = new float[h];
                Norms.layerNormBackward(rows, h, dy, 0, x, 2, g, 0, mean, 0, rstd, 0, dx, 0, dg, 0, db, 0);
                NormsReference.layerNormBackward(rows, h, dy, 0, x, 2, g, 0, mean, 0, rstd, 0, rdx, 0, rdg, 0, rdb, 0);
                Close.assertClose(what + " dx", rdx, dx, 1e-4, 1e-5);
                Close.assertClose(what + " dgamma", rdg, dg, 1e-4, 1e-5);
                Close.assertClose(what + " dbeta", rdb, db, 1e-4, 1e-5);
            }
    }

    @Test
    void rmsNormForwardAndBackwardMatchReference() {
        Random rng = new Random(12);
        for (int h : Close.SIZES)
            for (boolean affine : new boolean[]{true, false}) {
                int rows = 4;
                float[] x = Close.gaussian(rng, rows * h, 2f);
                float[] g = affine ? Close.gaussian(rng, h + 1, 1f) : null;
                float[] out = new float[rows * h], rstd = new float[rows], rout = new float[rows * h], rrstd = new float[rows];
                Norms.rmsNorm(rows, h, x, 0, g, 1, EPS, out, 0, rstd, 0);
                NormsReference.rmsNorm(rows, h, x, 0, g, 1, EPS, rout, 0, rrstd, 0);
                String what = "rms_norm h=" + h + " affine=" + affine;
                Close.assertClose(what + " out", rout, out, 1e-5, 1e-5);
                Close.assertClose(what + " rstd", rrstd, rstd, 1e-5, 0);
                float[] dy = Close.gaussian(rng, rows * h, 1f);
                float[] dx = new float[rows * h], dg = new float[h], rdx = new float[rows * h], rdg = new float[h];
                Norms.rmsNormBackward(rows, h, dy, 0, x, 0, g, 1, rstd, 0, dx, 0, dg, 0);
                NormsReference.rmsNormBackward(rows, h, dy, 0, x, 0, g, 1, rstd, 0, rdx, 0, rdg, 0);
                Close.assertClose(what + " dx", rdx, dx, 1e-4, 1e-5);
                Close.assertClose(what + " dgamma", rdg, dg, 1e-4, 1e-5);
            }
    }

    /** Loss = sum(w * norm(x)), evaluated in double from the textbook formula, independent of the kernels. */
    private static double loss(boolean layer, double[] x, double[] g, double[] b, double[] w, int rows, int h) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double mu = 0, ss = 0;
            if (layer) { for (int j = 0; j < h; j++) mu += x[r * h + j]; mu /= h; }
            for (int j = 0; j < h; j++) ss += (x[r * h + j] - mu) * (x[r * h + j] - mu);
            double rs = 1 / Math.sqrt(ss / h + EPS);
            for (int j = 0; j < h; j++) total += w[r * h + j] * ((x[r * h + j] - mu) * rs * g[j] + (layer ? b[j] : 0));
        }
        return total;
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random rng = new Random(13);
        int rows = 3, h = 19;
        for (boolean layer : new boolean[]{true, false}) {
            double[] x = new double[rows * h], w = new double[rows * h], g = new double[h], b = new double[h];
            for (int i = 0; i < x.length; i++) { x[i] = (float) (rng.nextGaussian() + 0.5); w[i] = (float) rng.nextGaussian(); }
            for (int j = 0; j < h; j++) { g[j] = (float) rng.nextGaussian(); b[j] = (float) rng.nextGaussian(); }
            float[] xf = toFloat(x), wf = toFloat(w), gf = toFloat(g), bf = toFloat(b);
            float[] out = new float[rows * h], mean = new float[rows], rstd = new float[rows];
            float[] dx = new float[rows * h], dg = new float[h], db = new float[h];
            if (layer) {
                Norms.layerNorm(rows, h, xf, 0, gf, 0, bf, 0, EPS, out, 0, mean, 0, rstd, 0);
                Norms.layerNormBackward(rows, h, wf, 0, xf, 0, gf, 0, mean, 0, rstd, 0, dx, 0, dg, 0, db, 0);
            } else {
                Norms.rmsNorm(rows, h, xf, 0, gf, 0, EPS, out, 0, rstd, 0);
                Norms.rmsNormBackward(rows, h, wf, 0, xf, 0, gf, 0, rstd, 0, dx, 0, dg, 0);
            }
            double step = 1e-6;
            String what = layer ? "layer_norm" : "rms_norm";
            for (int i = 0; i < x.length; i++) {
                double[] p = x.clone(), m = x.clone();
                p[i] += step;
                m[i] -= step;
                double fd = (loss(layer, p, g, b, w, rows, h) - loss(layer, m, g, b, w, rows, h)) / (2 * step);
                assertEquals(fd, dx[i], 1e-4 * Math.max(1, Math.abs(fd)), what + " dx[" + i + "]");
            }
            for (int j = 0; j < h; j++) {
                double[] p = g.clone(), m = g.clone();
                p[j] += step;
                m[j] -= step;
                double fd = (loss(layer, x, p, b, w, rows, h) - loss(layer, x, m, b, w, rows, h)) / (2 * step);
                assertEquals(fd, dg[j], 1e-4 * Math.max(1, Math.abs(fd)), what + " dgamma[" + j + "]");
                if (layer) {
                    double[] pb = b.clone(), mb = b.clone();
                    pb[j] += step;
                    mb[j] -= step;
                    double fdb = (loss(true, x, g, pb, w, rows, h) - loss(true, x, g, mb, w, rows, h)) / (2 * step);
                    assertEquals(fdb, db[j], 1e-4 * Math.max(1, Math.abs(fdb)), what + " dbeta[" + j + "]");
                }
            }
        }
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    @Test
    void badArguments() {
        float[] x = new float[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Norms.layerNorm(3, 4, x, 0, new float[3], 0, null, 0, EPS, new float[12], 0, new float[3], 0, new float[3], 0));
        assertTrue(e.getMessage().startsWith("layer_norm: gamma"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Norms.rmsNorm(4, 4, x, 0, null, 0, EPS, new float[16], 0, new float[4], 0));
        assertThrows(IllegalArgumentException.class,
                () -> Norms.rmsNorm(3, 0, x, 0, null, 0, EPS, new float[12], 0, new float[3], 0));
        assertThrows(IllegalArgumentException.class,
                () -> Norms.layerNormBackward(3, 4, x, 0, x, 0, null, 0, null, 0, new float[3], 0, new float[12], 0, null, 0, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Norms.rmsNorm(1 << 16, 1 << 16, x, 0, null, 0, EPS, x, 0, x, 0));
    }
}
