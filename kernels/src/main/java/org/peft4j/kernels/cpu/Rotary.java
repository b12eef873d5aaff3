package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rotary position embedding in LLaMA's rotate-half convention: with half = d/2, x1 = x[..., :half],
 * x2 = x[..., half:], angle_i = pos * inv_freq_i and inv_freq_i = theta^(-2i/d):
 * out1 = x1 cos - x2 sin, out2 = x2 cos + x1 sin. The inverse rotation (sin -> -sin) is the backward pass,
 * since the rotation is orthogonal. The angles are computed in fp32 exactly as Hugging Face does
 * (inv_freq = 1 / theta^(float(2i)/d) in fp32, angle = float(pos) * inv_freq in fp32), so long positions round
 * the same way. x is a [batch, heads, seq, d] view with unit stride along d; positions are [batch, seq]
 * (posBatchStride = seq) or shared [seq] (posBatchStride = 0), non-negative. Output is contiguous
 * [batch, heads, seq, d]. The cos/sin values come from {@link RotaryTables} (cached per head dim and theta).
 */
public final class Rotary {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Rotary() {}

    static void check(int batch, int heads, int seq, int d, float[] x, int xOff, int[] xStrides, long[] positions, int posOff,
                      int posBatchStride, float theta, float[] out, int outOff) {
        String op = "rope";
        int[] sizes = {batch, heads, seq, d};
        int n = Strided.numel(op, sizes);
        if (d <= 0 || d % 2 != 0) throw new IllegalArgumentException(op + ": head dim must be positive and even, got " + d);
        if (xStrides.length != 4 || xStrides[3] != 1)
            throw new IllegalArgumentException(op + ": x needs 4 strides with unit stride along d, got " + java.util.Arrays.toString(xStrides));
        if (!(theta > 0) || Float.isInfinite(theta)) throw new IllegalArgumentException(op + ": theta must be positive and finite, got " + theta);
        Strided.checkView(op, "x", x.length, xOff, sizes, xStrides);
        if (posBatchStride != 0 && posBatchStride != seq)
            throw new IllegalArgumentException(op + ": position batch stride must be 0 (shared) or seq=" + seq + ", got " + posBatchStride);
        if (batch > 0) Strided.checkRange(op, "positions", positions.length, posOff, (long) (batch - 1) * posBatchStride + seq);
        Strided.checkRange(op, "out", out.length, outOff, n);
    }

    /** inv_freq_i = 1 / theta^(float(2i)/d), in fp32 as Hugging Face computes it. */
    public static float[] inverseFrequencies(int d, float theta) {
        float[] f = new float[d / 2];
        for (int i = 0; i < f.length; i++) f[i] = 1f / (float) Math.pow(theta, (float) (2 * i) / (float) d);
        return f;
    }

    /** cos and sin of float(pos) * inv_freq_i (fp32 angle, as in HF), for one position. */
    static void angles(long pos, float[] invFreq, float[] cos, float[] sin) {
        float p = (float) pos;
        for (int i = 0; i < invFreq.length; i++) {
            float a = p * invFreq[i];
            cos[i] = (float) Math.cos(a);
            sin[i] = (float) Math.sin(a);
        }
    }

    public static void rope(int batch, int heads, int seq, int d, float[] x, int xOff, int[] xStrides, long[] positions, int posOff,
                            int posBatchStride, float theta, boolean inverse, float[] out, int outOff) {
        check(batch, heads, seq, d, x, xOff, xStrides, positions, posOff, posBatchStride, theta, out, outOff);
        int half = d / 2;
        long maxPos = -1;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < seq; t++) {
                long p = positions[posOff + b * posBatchStride + t];
                if (p < 0) throw new IllegalArgumentException("rope: position " + p + " at batch " + b + ", token " + t + " is negative");
                maxPos = Math.max(maxPos, p);
            }
        RotaryTables.Table table = maxPos >= 0 && maxPos <= RotaryTables.MAX_CACHED ? RotaryTables.get(d, theta, maxPos) : null;
        float[] invFreq = table == null ? inverseFrequencies(d, theta) : null;
        float[] cos = new float[half], sin = new float[half];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                long p = positions[posOff + b * posBatchStride + t];
                if (table != null) {
                    System.arraycopy(table.cos(), (int) p * half, cos, 0, half);
                    System.arraycopy(table.sin(), (int) p * half, sin, 0, half);
                } else {
                    angles(p, invFreq, cos, sin);
                }
                if (inverse) for (int i = 0; i < half; i++) sin[i] = -sin[i];
                for (int h = 0; h < heads; h++) {
                    int xo = xOff + b * xStrides[0] + h * xStrides[1] + t * xStrides[2];
                    int oo = outOff + ((b * heads + h) * seq + t) * d;
                    rotate(x, xo, cos, sin, half, out, oo);
                }
            }
        }
    }

    private static void rotate(float[] x, int xo, float[] cos, float[] sin, int half, float[] out, int oo) {
        int i = 0;
        for (int u = S.loopBound(half); i < u; i += L) {
            FloatVector x1 = FloatVector.fromArray(S, x, xo + i), x2 = FloatVector.fromArray(S, x, xo + half + i);
            FloatVector c = FloatVector.fromArray(S, cos, i), s = FloatVector.fromArray(S, sin, i);
            x1.mul(c).sub(x2.mul(s)).intoArray(out, oo + i);
            x2.mul(c).add(x1.mul(s)).intoArray(out, oo + half + i);
        }
        for (; i < half; i++) {
            float x1 = x[xo + i], x2 = x[xo + half + i];
            out[oo + i] = x1 * cos[i] - x2 * sin[i];
            out[oo + half + i] = x2 * cos[i] + x1 * sin[i];
        }
    }
}
