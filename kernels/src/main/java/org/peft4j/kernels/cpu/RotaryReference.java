package org.peft4j.kernels.cpu;

/** Scalar reference for {@link Rotary}: builds rotate_half(x) explicitly and computes x cos + rotate_half(x) sin. */
public final class RotaryReference {
    private RotaryReference() {}

    public static void rope(int batch, int heads, int seq, int d, float[] x, int xOff, int[] xStrides, long[] positions, int posOff,
                            int posBatchStride, float theta, boolean inverse, float[] out, int outOff) {
        Rotary.check(batch, heads, seq, d, x, xOff, xStrides, positions, posOff, posBatchStride, theta, out, outOff);
        int half = d / 2;
        float[] invFreq = Rotary.inverseFrequencies(d, theta);
        double[] rot = new double[d];
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < heads; h++)
                for (int t = 0; t < seq; t++) {
                    float pos = (float) positions[posOff + b * posBatchStride + t];
                    int xo = xOff + b * xStrides[0] + h * xStrides[1] + t * xStrides[2];
                    for (int j = 0; j < d; j++) rot[j] = j < half ? -x[xo + j + half] : x[xo + j - half];
                    for (int j = 0; j < d; j++) {
                        float angle = pos * invFreq[j % half];
                        double s = Math.sin(angle) * (inverse ? -1 : 1);
                        out[outOff + ((b * heads + h) * seq + t) * d + j] = (float) (x[xo + j] * Math.cos(angle) + rot[j] * s);
                    }
                }
    }
}
