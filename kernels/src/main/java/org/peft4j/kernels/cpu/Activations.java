package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GELU (exact erf form, and the tanh form GPT-2 calls gelu_new), SiLU, and their derivatives over n contiguous
 * floats. The forms are chosen to avoid cancellation where the function is tiny:
 * gelu(x) = x/2 * erfc(-x/sqrt 2); gelu_tanh(x) = x * sigmoid(2u) with u = sqrt(2/pi) (x + 0.044715 x^3)
 * (equal to x/2 (1 + tanh u)); silu(x) = x * sigmoid(x). Backward computes dx = dy * f'(x).
 */
public final class Activations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final float INV_SQRT2 = 0.70710678118654752f;
    static final float INV_SQRT_2PI = 0.39894228040143268f;
    static final float SQRT_2_OVER_PI = 0.79788456080286536f;
    static final float GELU_TANH_C = 0.044715f;

    /** Elements per parallel task: a multiple of every vector length, and fixed, so that which elements take
     * the scalar tail (and hence every result bit) does not depend on the thread count. */
    static final int CHUNK = KernelPool.PIECE_FLOATS;

    private Activations() {}

    /** Runs body over [0, n) in CHUNK-sized pieces on the kernel pool (inline when n fits one piece). */
    private static void inChunks(int n, KernelPool.Piece body) {
        KernelPool.forEachPiece(n, CHUNK, body);
    }

    static void check(String op, int n, float[] x, int xOff, float[] dy, int dyOff, float[] out, int outOff) {
        Strided.checkNonNegative(op, "n", n);
        Strided.checkRange(op, "x", x.length, xOff, n);
        if (dy != null) Strided.checkRange(op, "dy", dy.length, dyOff, n);
        Strided.checkRange(op, "out", out.length, outOff, n);
    }

    public static void gelu(int n, float[] x, int xOff, float[] out, int outOff) {
        check("gelu", n, x, xOff, null, 0, out, outOff);
        inChunks(n, (from, to) -> {
            int i = from;
            for (int u = from + S.loopBound(to - from); i < u; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                v.mul(0.5f).mul(VectorMath.erfc(v.mul(-INV_SQRT2))).intoArray(out, outOff + i);
            }
            for (; i < to; i++) out[outOff + i] = (float) ActivationsReference.gelu(x[xOff + i]);
        });
    }

    /** d gelu / dx = Phi(x) + x phi(x) = erfc(-x/sqrt 2)/2 + x exp(-x^2/2)/sqrt(2 pi). */
    public static void geluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        check("gelu_backward", n, x, xOff, dy, dyOff, dx, dxOff);
        inChunks(n, (from, to) -> {
            int vectorEnd = from + S.loopBound(to - from);
            float[] cdf = new float[Math.min(TILE, vectorEnd - from)];
            for (int t = from; t < vectorEnd; t += TILE) {
                int end = Math.min(vectorEnd, t + TILE);
                geluCdfTile(x, xOff + t, cdf, end - t);
                geluBackwardTile(x, xOff + t, cdf, dy, dyOff + t, dx, dxOff + t, end - t);
            }
            for (int i = vectorEnd; i < to; i++) dx[dxOff + i] = (float) (dy[dyOff + i] * ActivationsReference.geluDerivative(x[xOff + i]));
        });
    }

    /**
     * Floats per tile of the two-pass GELU backward (L1-sized). The pass split is for the JIT: with erfc's and the
     * Gaussian's polynomials in one loop body C2 stops inlining (NodeCountInliningCutoff) and boxes every vector,
     * which made the fused loop allocate 12 bytes per float and run 2-3x slower. Same operations, same bits.
     */
    static final int TILE = 1024;

    /** cdf[0..m) = Phi(x) = erfc(-x/sqrt 2)/2, m a multiple of the vector length. */
    private static void geluCdfTile(float[] x, int xo, float[] cdf, int m) {
        for (int i = 0; i < m; i += L)
            VectorMath.erfc(FloatVector.fromArray(S, x, xo + i).mul(-INV_SQRT2)).mul(0.5f).intoArray(cdf, i);
    }

    /** dx = (x phi(x) + cdf) * dy over m floats, m a multiple of the vector length. */
    private static void geluBackwardTile(float[] x, int xo, float[] cdf, float[] dy, int dyo, float[] dx, int dxo, int m) {
        for (int i = 0; i < m; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector pdf = VectorMath.gaussian(v).mul(INV_SQRT_2PI);
            v.fma(pdf, FloatVector.fromArray(S, cdf, i)).mul(FloatVector.fromArray(S, dy, dyo + i)).intoArray(dx, dxo + i);
        }
    }

    public static void geluTanh(int n, float[] x, int xOff, float[] out, int outOff) {
        check("gelu_tanh", n, x, xOff, null, 0, out, outOff);
        inChunks(n, (from, to) -> {
            int i = from;
            for (int u = from + S.loopBound(to - from); i < u; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                v.mul(VectorMath.sigmoid(twiceTanhArgument(v))).intoArray(out, outOff + i);
            }
            for (; i < to; i++) out[outOff + i] = (float) ActivationsReference.geluTanh(x[xOff + i]);
        });
    }

    /** With s = sigmoid(2u): d/dx [x s] = s + x s (1 - s) 2u'. */
    public static void geluTanhBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        check("gelu_tanh_backward", n, x, xOff, dy, dyOff, dx, dxOff);
        inChunks(n, (from, to) -> {
            int i = from;
            for (int u = from + S.loopBound(to - from); i < u; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                FloatVector s = VectorMath.sigmoid(twiceTanhArgument(v));
                FloatVector du2 = v.mul(v).mul(3 * GELU_TANH_C).add(1f).mul(2 * SQRT_2_OVER_PI);
                FloatVector oneMinusS = s.neg().add(1f);
                v.mul(s).mul(oneMinusS).fma(du2, s).mul(FloatVector.fromArray(S, dy, dyOff + i)).intoArray(dx, dxOff + i);
            }
            for (; i < to; i++) dx[dxOff + i] = (float) (dy[dyOff + i] * ActivationsReference.geluTanhDerivative(x[xOff + i]));
        });
    }

    private static FloatVector twiceTanhArgument(FloatVector v) {
        return v.mul(v).mul(GELU_TANH_C).add(1f).mul(v).mul(2 * SQRT_2_OVER_PI);
    }

    public static void silu(int n, float[] x, int xOff, float[] out, int outOff) {
        check("silu", n, x, xOff, null, 0, out, outOff);
        inChunks(n, (from, to) -> {
            int i = from;
            for (int u = from + S.loopBound(to - from); i < u; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                v.mul(VectorMath.sigmoid(v)).intoArray(out, outOff + i);
            }
            for (; i < to; i++) out[outOff + i] = (float) ActivationsReference.silu(x[xOff + i]);
        });
    }

    /** d silu / dx = s (1 + x (1 - s)) with s = sigmoid(x). */
    public static void siluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        check("silu_backward", n, x, xOff, dy, dyOff, dx, dxOff);
        inChunks(n, (from, to) -> {
            int i = from;
            for (int u = from + S.loopBound(to - from); i < u; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                FloatVector s = VectorMath.sigmoid(v);
                v.mul(s.neg().add(1f)).add(1f).mul(s).mul(FloatVector.fromArray(S, dy, dyOff + i)).intoArray(dx, dxOff + i);
            }
            for (; i < to; i++) dx[dxOff + i] = (float) (dy[dyOff + i] * ActivationsReference.siluDerivative(x[xOff + i]));
        });
    }
}
