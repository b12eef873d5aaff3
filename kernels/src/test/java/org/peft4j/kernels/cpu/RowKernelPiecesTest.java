package org.peft4j.kernels.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Softmax and the norms split their rows into fixed pieces on the kernel pool once a call holds more than
 * {@link KernelPool#PIECE_FLOATS} floats. These cases span many pieces (the other kernel tests stay within one):
 * the results must match the scalar references, and be bit-identical on 1, 2 and 3 threads.
 */
class RowKernelPiecesTest {
    private final int defaultThreads = KernelPool.threads();

    @AfterEach
    void restoreThreads() { KernelPool.setThreads(defaultThreads); }

    private static void assertSameBits(String what, float[] a, float[] b) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++)
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i]))
                fail(what + ": element " + i + " differs between thread counts: " + a[i] + " vs " + b[i]);
    }

    @Test
    void softmaxOverManyPiecesOfAStridedMaskedCausalView() {
        Random rng = new Random(21);
        int b = 3, h = 4, t = 130; // 3*4*130 rows of 130: 48 pieces of 252 rows
        int[] sizes = {b, h, t, t};
        // x stored as [b, t, h, t] and viewed as [b, h, t, t]: a strided leading layout
        float[] x = Close.gaussian(rng, b * t * h * t, 3f);
        int[] xs = {t * h * t, t, h * t, 1};
        float[] mask = new float[b * t];
        for (int i = 0; i < mask.length; i++) mask[i] = (i % t) != 0 && rng.nextInt(5) == 0 ? AttentionMask.MASKED : 0f;
        int[] ms = {t, 0, 0, 1};
        int n = b * h * t * t;
        for (boolean causal : new boolean[]{false, true}) {
            float[][] outs = new float[3][];
            float[][] logs = new float[3][];
            for (int threads = 1; threads <= 3; threads++) {
                KernelPool.setThreads(threads);
                outs[threads - 1] = new float[n];
                logs[threads - 1] = new float[n];
                Softmax.softmax(sizes, x, 0, xs, mask, 0, ms, causal, outs[threads - 1], 0);
                Softmax.logSoftmax(sizes, x, 0, xs, mask, 0, ms, causal, logs[threads - 1], 0);
            }
            float[] want = new float[n], wantLog = new float[n];
            SoftmaxReference.softmax(sizes, x, 0, xs, mask, 0, ms, causal, want, 0);
            SoftmaxReference.logSoftmax(sizes, x, 0, xs, mask, 0, ms, causal, wantLog, 0);
            Close.assertClose("softmax causal=" + causal, want, outs[0], 1e-5, 1e-7);
            Close.assertClose("log_softmax causal=" + causal, wantLog, logs[0], 1e-5, 1e-6);
            for (int k = 1; k < 3; k++) {
                assertSameBits("softmax causal=" + causal + " threads " + (k + 1), outs[0], outs[k]);
                assertSameBits("log_softmax causal=" + causal + " threads " + (k + 1), logs[0], logs[k]);
            }

            // backward of both, over the same rows
            float[] dy = Close.gaussian(rng, n, 1f);
            float[][] dx = new float[3][], dxLog = new float[3][];
            int rows = n / t;
            for (int threads = 1; threads <= 3; threads++) {
                KernelPool.setThreads(threads);
                dx[threads - 1] = new float[n];
                dxLog[threads - 1] = new float[n];
                Softmax.softmaxBackward(rows, t, outs[0], 0, dy, 0, dx[threads - 1], 0);
                Softmax.logSoftmaxBackward(rows, t, logs[0], 0, dy, 0, dxLog[threads - 1], 0);
            }
            float[] wantDx = new float[n], wantDxLog = new float[n];
            SoftmaxReference.softmaxBackward(rows, t, outs[0], 0, dy, 0, wantDx, 0);
            SoftmaxReference.logSoftmaxBackward(rows, t, logs[0], 0, dy, 0, wantDxLog, 0);
            Close.assertClose("softmax_backward causal=" + causal, wantDx, dx[0], 1e-4, 1e-6);
            Close.assertClose("log_softmax_backward causal=" + causal, wantDxLog, dxLog[0], 1e-4, 1e-6);
            for (int k = 1; k < 3; k++) {
                assertSameBits("softmax_backward threads " + (k + 1), dx[0], dx[k]);
                assertSameBits("log_softmax_backward threads " + (k + 1), dxLog[0], dxLog[k]);
            }
        }
    }

    @Test
    void layerNormAndRmsNormOverManyPiecesWithParameterGradients() {
        Random rng = new Random(22);
        int rows = 301, h = 768; // 42 rows per piece: 8 pieces, the last one short
        float eps = 1e-12f;
        float[] x = Close.gaussian(rng, rows * h + 3, 2f);
        for (int i = 0; i < x.length; i++) x[i] += 0.75f;
        float[] gamma = Close.gaussian(rng, h, 1f), beta = Close.gaussian(rng, h, 1f);
        float[] dy = Close.gaussian(rng, rows * h, 1f);
        float[][][] got = new float[3][][];
        for (int threads = 1; threads <= 3; threads++) {
            KernelPool.setThreads(threads);
            float[] out = new float[rows * h], mean = new float[rows], rstd = new float[rows];
            Norms.layerNorm(rows, h, x, 3, gamma, 0, beta, 0, eps, out, 0, mean, 0, rstd, 0);
            float[] dx = new float[rows * h], dg = new float[h], db = new float[h];
            Norms.layerNormBackward(rows, h, dy, 0, x, 3, gamma, 0, mean, 0, rstd, 0, dx, 0, dg, 0, db, 0);
            float[] dxNoParams = new float[rows * h];
            Norms.layerNormBackward(rows, h, dy, 0, x, 3, gamma, 0, mean, 0, rstd, 0, dxNoParams, 0, null, 0, null, 0);
            float[] rOut = new float[rows * h], rRstd = new float[rows];
            Norms.rmsNorm(rows, h, x, 3, gamma, 0, eps, rOut, 0, rRstd, 0);
            float[] rDx = new float[rows * h], rDg = new float[h];
            Norms.rmsNormBackward(rows, h, dy, 0, x, 3, gamma, 0, rRstd, 0, rDx, 0, rDg, 0);
            got[threads - 1] = new float[][]{out, mean, rstd, dx, dg, db, dxNoParams, rOut, rRstd, rDx, rDg};
        }
        String[] names = {"ln out", "ln mean", "ln rstd", "ln dx", "ln dgamma", "ln dbeta", "ln dx (frozen params)",
                "rms out", "rms rstd", "rms dx", "rms dgamma"};
        for (int k = 1; k < 3; k++)
            for (int i = 0; i < names.length; i++) assertSameBits(names[i] + " threads " + (k + 1), got[0][i], got[k][i]);
        assertSameBits("ln dx with and without parameter gradients", got[0][3], got[0][6]);

        float[] out = new float[rows * h], mean = new float[rows], rstd = new float[rows];
        NormsReference.layerNorm(rows, h, x, 3, gamma, 0, beta, 0, eps, out, 0, mean, 0, rstd, 0);
        float[] dx = new float[rows * h], dg = new float[h], db = new float[h];
        NormsReference.layerNormBackward(rows, h, dy, 0, x, 3, gamma, 0, mean, 0, rstd, 0, dx, 0, dg, 0, db, 0);
        Close.assertClose("ln out", out, got[0][0], 1e-5, 1e-5);
        Close.assertClose("ln dx", dx, got[0][3], 1e-4, 1e-5);
        Close.assertClose("ln dgamma", dg, got[0][4], 1e-4, 1e-4);
        Close.assertClose("ln dbeta", db, got[0][5], 1e-4, 1e-4);
        float[] rOut = new float[rows * h], rRstd = new float[rows];
        NormsReference.rmsNorm(rows, h, x, 3, gamma, 0, eps, rOut, 0, rRstd, 0);
        float[] rDx = new float[rows * h], rDg = new float[h];
        NormsReference.rmsNormBackward(rows, h, dy, 0, x, 3, gamma, 0, rRstd, 0, rDx, 0, rDg, 0);
        Close.assertClose("rms out", rOut, got[0][7], 1e-5, 1e-5);
        Close.assertClose("rms dx", rDx, got[0][9], 1e-4, 1e-5);
        Close.assertClose("rms dgamma", rDg, got[0][10], 1e-4, 1e-4);
    }

    @Test
    void elementwiseOverManyPiecesOfRowsAndOfOneLongRow() {
        Random rng = new Random(23);
        // one long contiguous row of 100,003 floats (column pieces; exp's scalar tail must land where it always did)
        int n = 100_003;
        float[] x = Close.gaussian(rng, n, 3f);
        // [300, 700] + a row vector [700] broadcast down the rows, and a where() over a strided view
        int rows = 300, cols = 700;
        float[] a = Close.gaussian(rng, rows * cols, 1f), bias = Close.gaussian(rng, cols, 1f);
        float[] cond = new float[rows * cols];
        for (int i = 0; i < cond.length; i++) cond[i] = rng.nextInt(3) == 0 ? 0f : 1f;
        int[] sizes = {rows, cols}, cs = {cols, 1}, bcast = {0, 1}, transposed = {1, rows}; // a read as a [cols, rows] array's transpose
        float[][][] got = new float[3][][];
        for (int threads = 1; threads <= 3; threads++) {
            KernelPool.setThreads(threads);
            float[] e = new float[n], sum = new float[rows * cols], w = new float[rows * cols], sq = new float[rows * cols];
            Elementwise.unary(UnaryOp.EXP, new int[]{n}, x, 0, new int[]{1}, e, 0);
            Elementwise.binary(BinaryOp.ADD, sizes, a, 0, cs, bias, 0, bcast, sum, 0);
            Elementwise.where(sizes, cond, 0, cs, a, 0, transposed, bias, 0, bcast, w, 0);
            Elementwise.unary(UnaryOp.SQUARE, sizes, a, 0, transposed, sq, 0);
            got[threads - 1] = new float[][]{e, sum, w, sq};
        }
        String[] names = {"exp (one long row)", "add with a broadcast row", "where over a transposed view", "square of a transposed view"};
        for (int k = 1; k < 3; k++)
            for (int i = 0; i < names.length; i++) assertSameBits(names[i] + " threads " + (k + 1), got[0][i], got[k][i]);
        float[] e = new float[n], sum = new float[rows * cols], w = new float[rows * cols], sq = new float[rows * cols];
        ElementwiseReference.unary(UnaryOp.EXP, new int[]{n}, x, 0, new int[]{1}, e, 0);
        ElementwiseReference.binary(BinaryOp.ADD, sizes, a, 0, cs, bias, 0, bcast, sum, 0);
        ElementwiseReference.where(sizes, cond, 0, cs, a, 0, transposed, bias, 0, bcast, w, 0);
        ElementwiseReference.unary(UnaryOp.SQUARE, sizes, a, 0, transposed, sq, 0);
        Close.assertClose(names[0], e, got[0][0], 1e-6, 0);
        Close.assertClose(names[1], sum, got[0][1], 0, 0);
        Close.assertClose(names[2], w, got[0][2], 0, 0);
        Close.assertClose(names[3], sq, got[0][3], 0, 0);
    }

    /** The mask value transformers uses for padding (float32's most negative finite number). */
    private static final class AttentionMask {
        static final float MASKED = -Float.MAX_VALUE;
    }
}
