package org.peft4j.kernels.cpu;

import org.peft4j.kernels.jfr.KernelEvent;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax and log-softmax along the last axis of a strided view, with an optional additive mask (any view of
 * the same sizes, stride 0 where it broadcasts, -inf or a large negative number where masked) and an optional
 * causal mask: with Tq = sizes[rank-2] queries and Tk = sizes[rank-1] keys, query q sees keys k <= q + Tk - Tq
 * (bottom-right aligned, as when decoding with a KV cache). A row with nothing visible yields zeros
 * (softmax) or -inf (log-softmax) instead of NaN. Output is contiguous. Backward kernels take contiguous rows.
 */
public final class Softmax {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Softmax() {}

    static int check(String op, int[] sizes, float[] x, int xOff, int[] xStrides, float[] mask, int maskOff, int[] maskStrides,
                     boolean causal, float[] out, int outOff) {
        if (sizes.length == 0) throw new IllegalArgumentException(op + ": needs at least one dim, got a scalar");
        if (causal && sizes.length < 2)
            throw new IllegalArgumentException(op + ": causal masking needs sizes [..., Tq, Tk], got " + java.util.Arrays.toString(sizes));
        int n = Strided.numel(op, sizes);
        Strided.checkView(op, "x", x.length, xOff, sizes, xStrides);
        if (mask != null) Strided.checkView(op, "mask", mask.length, maskOff, sizes, maskStrides);
        Strided.checkRange(op, "out", out.length, outOff, n);
        return n;
    }

    static int checkBackward(String op, int rows, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int total = Strided.product(op, rows, n);
        Strided.checkRange(op, "y", y.length, yOff, total);
        Strided.checkRange(op, "dy", dy.length, dyOff, total);
        Strided.checkRange(op, "dx", dx.length, dxOff, total);
        return total;
    }

    /** Number of visible keys in a row: all of them, or those up to the causal diagonal. */
    static int visible(boolean causal, int q, int tq, int tk) {
        if (!causal) return tk;
        long v = (long) q + tk - tq + 1;
        return (int) Math.max(0, Math.min(tk, v));
    }

    public static void softmax(int[] sizes, float[] x, int xOff, int[] xStrides, float[] mask, int maskOff, int[] maskStrides,
                               boolean causal, float[] out, int outOff) {
        KernelEvent event = KernelEvent.start();
        forward("softmax", false, sizes, x, xOff, xStrides, mask, maskOff, maskStrides, causal, out, outOff);
        finish(event, "softmax", sizes, 5);
    }

    public static void logSoftmax(int[] sizes, float[] x, int xOff, int[] xStrides, float[] mask, int maskOff, int[] maskStrides,
                                  boolean causal, float[] out, int outOff) {
        KernelEvent event = KernelEvent.start();
        forward("log_softmax", true, sizes, x, xOff, xStrides, mask, maskOff, maskStrides, causal, out, outOff);
        finish(event, "log_softmax", sizes, 5);
    }

    private static void finish(KernelEvent event, String kernel, int[] sizes, int flopsPerElement) {
        int n = sizes.length == 0 ? 1 : sizes[sizes.length - 1];
        long total = 1;
        for (int s : sizes) total *= s;
        KernelEvent.rows(event, kernel, n == 0 ? 0 : (int) (total / n), n, flopsPerElement, 2);
    }

    private static void forward(String op, boolean log, int[] sizes, float[] x, int xOff, int[] xStrides, float[] mask, int maskOff,
                                int[] maskStrides, boolean causal, float[] out, int outOff) {
        int total = check(op, sizes, x, xOff, xStrides, mask, maskOff, maskStrides, causal, out, outOff);
        if (total == 0) return;
        int rank = sizes.length, n = sizes[rank - 1];
        int tq = causal ? sizes[rank - 2] : 1;
        int xs = xStrides[rank - 1];
        int ms = mask == null ? 0 : maskStrides[rank - 1];
        int[] mStrides = mask == null ? new int[rank] : maskStrides;
        boolean direct = xs == 1 && mask == null;
        int[] cStrides = Strided.contiguousStrides(sizes);
        KernelPool.forEachPiece(total / n, KernelPool.rowsPerPiece(n), (r0, r1) -> {
            LastAxisRows rows = new LastAxisRows(sizes, new int[]{xOff, maskOff, outOff}, xStrides, mStrides, cStrides).seek(r0);
            for (int r = r0; r < r1; r++, rows.next()) {
                int xo = rows.offsets[0], mo = rows.offsets[1], oo = rows.offsets[2];
                int valid = visible(causal, rows.secondToLast(), tq, n);
                float[] src = x;
                int so = xo;
                if (!direct) { // stage x (+ mask) in the output row
                    logitsRow(x, xo, xs, mask, mo, ms, out, oo, valid);
                    src = out;
                    so = oo;
                }
                if (log) logSoftmaxRow(src, so, valid, out, oo, n);
                else softmaxRow(src, so, valid, out, oo, n);
            }
        });
    }

    private static void logitsRow(float[] x, int xo, int xs, float[] mask, int mo, int ms, float[] out, int oo, int m) {
        if (mask == null) {
            for (int j = 0, p = xo; j < m; j++, p += xs) out[oo + j] = x[p];
            return;
        }
        int j = 0;
        if (xs == 1 && ms == 1) {
            for (int u = S.loopBound(m); j < u; j += L)
                FloatVector.fromArray(S, x, xo + j).add(FloatVector.fromArray(S, mask, mo + j)).intoArray(out, oo + j);
        } else if (xs == 1 && ms == 0) {
            FloatVector mv = FloatVector.broadcast(S, mask[mo]);
            for (int u = S.loopBound(m); j < u; j += L) FloatVector.fromArray(S, x, xo + j).add(mv).intoArray(out, oo + j);
        }
        for (; j < m; j++) out[oo + j] = x[xo + j * xs] + mask[mo + j * ms];
    }

    /** out[0..valid) = softmax(src[0..valid)), out[valid..n) = 0. src may be out itself. */
    static void softmaxRow(float[] src, int so, int valid, float[] out, int oo, int n) {
        float max = Reductions.rowMax(src, so, valid);
        if (valid == 0 || max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(out, oo, oo + n, 0f);
            return;
        }
        FloatVector vmax = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int u = S.loopBound(valid); j < u; j += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, src, so + j).sub(vmax));
            e.intoArray(out, oo + j);
            acc = acc.add(e);
        }
        float sum = VectorMath.sumLanes(acc);
        for (; j < valid; j++) {
            float e = (float) Math.exp(src[so + j] - max);
            out[oo + j] = e;
            sum += e;
        }
        scale(out, oo, valid, 1f / sum);
        java.util.Arrays.fill(out, oo + valid, oo + n, 0f);
    }

    /**
     * out[0..valid) = log_softmax(src[0..valid)), out[valid..n) = -inf. src may be out itself. The max element's
     * exp(0) = 1 is kept out of the float sum, so log(sum) = log1p(rest) stays accurate when one logit dominates
     * (log-probabilities near 0 keep their relative precision), and outputs are (x - max) - log(sum).
     */
    static void logSoftmaxRow(float[] src, int so, int valid, float[] out, int oo, int n) {
        float max = Reductions.rowMax(src, so, valid);
        if (valid == 0 || max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(out, oo, oo + n, Float.NEGATIVE_INFINITY);
            return;
        }
        float logSum = logSumShifted(src, so, valid, max);
        FloatVector vmax = FloatVector.broadcast(S, max), vs = FloatVector.broadcast(S, logSum);
        int j = 0;
        for (int u = S.loopBound(valid); j < u; j += L) FloatVector.fromArray(S, src, so + j).sub(vmax).sub(vs).intoArray(out, oo + j);
        for (; j < valid; j++) out[oo + j] = (src[so + j] - max) - logSum;
        java.util.Arrays.fill(out, oo + valid, oo + n, Float.NEGATIVE_INFINITY);
    }

    /** log(sum_j exp(src[j] - max)) over m elements whose maximum is max, as log1p of the sum without the max element. */
    static float logSumShifted(float[] src, int so, int m, float max) {
        int at = firstIndexOf(src, so, m, max);
        if (at < 0) return (float) Math.log(expSum(src, so, so + m, max)); // max is NaN or +inf: let it propagate
        return (float) Math.log1p((double) expSum(src, so, so + at, max) + expSum(src, so + at + 1, so + m, max));
    }

    /** sum of exp(src[j] - max) for j in [from, to). */
    static float expSum(float[] src, int from, int to, float max) {
        FloatVector vmax = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        int j = from;
        for (int u = from + S.loopBound(to - from); j < u; j += L)
            acc = acc.add(VectorMath.exp(FloatVector.fromArray(S, src, j).sub(vmax)));
        float sum = VectorMath.sumLanes(acc);
        for (; j < to; j++) sum += (float) Math.exp(src[j] - max);
        return sum;
    }

    /** Index (relative to so) of the first element equal to value, or -1. */
    static int firstIndexOf(float[] src, int so, int m, float value) {
        FloatVector v = FloatVector.broadcast(S, value);
        int j = 0;
        for (int u = S.loopBound(m); j < u; j += L) {
            var hit = FloatVector.fromArray(S, src, so + j).compare(VectorOperators.EQ, v);
            if (hit.anyTrue()) return j + hit.firstTrue();
        }
        for (; j < m; j++) if (src[so + j] == value) return j;
        return -1;
    }

    private static void scale(float[] a, int off, int m, float s) {
        int j = 0;
        for (int u = S.loopBound(m); j < u; j += L) FloatVector.fromArray(S, a, off + j).mul(s).intoArray(a, off + j);
        for (; j < m; j++) a[off + j] *= s;
    }

    /** dx = y * (dy - sum(dy * y)) per row, for y = softmax(x). */
    public static void softmaxBackward(int rows, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        checkBackward("softmax_backward", rows, n, y, yOff, dy, dyOff, dx, dxOff);
        KernelEvent event = KernelEvent.start();
        KernelPool.forEachPiece(rows, KernelPool.rowsPerPiece(n), (r0, r1) ->
                softmaxBackwardRows(r1 - r0, n, y, yOff + r0 * n, dy, dyOff + r0 * n, dx, dxOff + r0 * n));
        KernelEvent.rows(event, "softmax_backward", rows, n, 4, 3);
    }

    private static void softmaxBackwardRows(int rows, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int r = 0; r < rows; r++) {
            int yo = yOff + r * n, go = dyOff + r * n, xo = dxOff + r * n;
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (int u = S.loopBound(n); j < u; j += L)
                acc = FloatVector.fromArray(S, y, yo + j).fma(FloatVector.fromArray(S, dy, go + j), acc);
            float dot = VectorMath.sumLanes(acc);
            for (; j < n; j++) dot += y[yo + j] * dy[go + j];
            FloatVector vdot = FloatVector.broadcast(S, dot);
            j = 0;
            for (int u = S.loopBound(n); j < u; j += L)
                FloatVector.fromArray(S, dy, go + j).sub(vdot).mul(FloatVector.fromArray(S, y, yo + j)).intoArray(dx, xo + j);
            for (; j < n; j++) dx[xo + j] = y[yo + j] * (dy[go + j] - dot);
        }
    }

    /** dx = dy - exp(y) * sum(dy) per row, for y = log_softmax(x). */
    public static void logSoftmaxBackward(int rows, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        checkBackward("log_softmax_backward", rows, n, y, yOff, dy, dyOff, dx, dxOff);
        KernelEvent event = KernelEvent.start();
        KernelPool.forEachPiece(rows, KernelPool.rowsPerPiece(n), (r0, r1) ->
                logSoftmaxBackwardRows(r1 - r0, n, y, yOff + r0 * n, dy, dyOff + r0 * n, dx, dxOff + r0 * n));
        KernelEvent.rows(event, "log_softmax_backward", rows, n, 4, 3);
    }

    private static void logSoftmaxBackwardRows(int rows, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int r = 0; r < rows; r++) {
            int yo = yOff + r * n, go = dyOff + r * n, xo = dxOff + r * n;
            float sum = Reductions.rowSum(dy, go, n);
            FloatVector vsum = FloatVector.broadcast(S, sum);
            int j = 0;
            for (int u = S.loopBound(n); j < u; j += L) {
                FloatVector p = VectorMath.exp(FloatVector.fromArray(S, y, yo + j));
                FloatVector.fromArray(S, dy, go + j).sub(p.mul(vsum)).intoArray(dx, xo + j);
            }
            for (; j < n; j++) dx[xo + j] = dy[go + j] - (float) Math.exp(y[yo + j]) * sum;
        }
    }
}
