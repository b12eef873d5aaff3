package org.peft4j.autograd;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * Row-wise numerics along the last dim (softmax, normalisation, rotary embedding) used by F. PRIVATE FALLBACK:
 * scalar loops in double-accumulating fp32, kept inside autograd until the equivalent fused kernels of
 * org.peft4j.tensor.ops.Ops are used. Inputs may be any view; outputs are fresh contiguous F32.
 */
final class RowMath {
    private RowMath() {}

    /** x + mask (broadcast) with -inf above the shifted causal diagonal; x itself when there is neither. */
    static Tensor masked(Tensor x, Tensor mask, boolean causal) {
        if (x.dim() < 1) throw new IllegalArgumentException("softmax: input must have at least 1 dim");
        Tensor z = mask == null ? x : TensorMath.add(x, mask);
        if (mask != null && !java.util.Arrays.equals(z.shape(), x.shape()))
            throw new IllegalArgumentException("softmax: mask " + Shapes.str(mask.shape()) + " must broadcast to the scores " + Shapes.str(x.shape()) + ", not enlarge them");
        if (!causal) return z;
        if (x.dim() < 2) throw new IllegalArgumentException("softmax: causal masking needs [..., queries, keys], got " + Shapes.str(x.shape()));
        float[] d = z == x ? x.toFloatArray() : z.floatArray();
        int q = x.size(-2), k = x.size(-1), shift = k - q;
        for (int base = 0; base < d.length; base += q * k)
            for (int i = 0; i < q; i++)
                for (int j = Math.max(0, i + shift + 1); j < k; j++) d[base + i * k + j] = Float.NEGATIVE_INFINITY;
        return Tensor.of(d, x.shape());
    }

    static Tensor softmax(Tensor x) {
        float[] d = x.toFloatArray();
        int n = x.size(-1);
        for (int base = 0; base < d.length; base += n) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) max = Math.max(max, d[base + j]);
            if (max == Float.NEGATIVE_INFINITY) { java.util.Arrays.fill(d, base, base + n, 0f); continue; }
            double sum = 0;
            for (int j = 0; j < n; j++) { float e = (float) Math.exp(d[base + j] - max); d[base + j] = e; sum += e; }
            float inv = (float) (1 / sum);
            for (int j = 0; j < n; j++) d[base + j] *= inv;
        }
        return Tensor.of(d, x.shape());
    }

    /** dx = y ⊙ (g - Σ_j g_j y_j). */
    static Tensor softmaxBackward(Tensor g, Tensor y) {
        float[] gd = g.toFloatArray(), yd = y.toFloatArray();
        int n = y.size(-1);
        for (int base = 0; base < gd.length; base += n) {
            double dot = 0;
            for (int j = 0; j < n; j++) dot += (double) gd[base + j] * yd[base + j];
            for (int j = 0; j < n; j++) gd[base + j] = yd[base + j] * (float) (gd[base + j] - dot);
        }
        return Tensor.of(gd, y.shape());
    }

    static Tensor logSoftmax(Tensor x) {
        float[] d = x.toFloatArray();
        int n = x.size(-1);
        for (int base = 0; base < d.length; base += n) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) max = Math.max(max, d[base + j]);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp(d[base + j] - max);
            float lse = (float) (max + Math.log(sum));
            for (int j = 0; j < n; j++) d[base + j] -= lse;
        }
        return Tensor.of(d, x.shape());
    }

    /** dx = g - softmax ⊙ Σ_j g_j, with softmax = exp(y). */
    static Tensor logSoftmaxBackward(Tensor g, Tensor y) {
        float[] gd = g.toFloatArray(), yd = y.toFloatArray();
        int n = y.size(-1);
        for (int base = 0; base < gd.length; base += n) {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += gd[base + j];
            for (int j = 0; j < n; j++) gd[base + j] -= (float) (Math.exp(yd[base + j]) * sum);
        }
        return Tensor.of(gd, y.shape());
    }

    /** The normalised input x̂ and each row's 1/σ (LayerNorm) or 1/rms (RMSNorm), saved for backward. */
    record Normalized(Tensor xhat, float[] rstd) {}

    static Normalized layerNorm(Tensor x, float eps) {
        float[] d = x.toFloatArray();
        int n = x.size(-1);
        float[] rstd = new float[n == 0 ? 0 : d.length / n];
        for (int r = 0, base = 0; base < d.length; r++, base += n) {
            double mean = 0;
            for (int j = 0; j < n; j++) mean += d[base + j];
            mean /= n;
            double var = 0;
            for (int j = 0; j < n; j++) { double c = d[base + j] - mean; var += c * c; }
            var /= n; // biased variance, as LayerNorm uses
            float rs = (float) (1 / Math.sqrt(var + eps));
            rstd[r] = rs;
            for (int j = 0; j < n; j++) d[base + j] = (float) ((d[base + j] - mean) * rs);
        }
        return new Normalized(Tensor.of(d, x.shape()), rstd);
    }

    /** dx = r·(ĝ - mean(ĝ) - x̂·mean(ĝ⊙x̂)). */
    static Tensor layerNormBackward(Tensor gHat, Normalized saved) {
        float[] g = gHat.toFloatArray(), xh = saved.xhat().toFloatArray();
        int n = saved.xhat().size(-1);
        for (int r = 0, base = 0; base < g.length; r++, base += n) {
            double mg = 0, mgx = 0;
            for (int j = 0; j < n; j++) { mg += g[base + j]; mgx += (double) g[base + j] * xh[base + j]; }
            mg /= n;
            mgx /= n;
            for (int j = 0; j < n; j++) g[base + j] = (float) (saved.rstd()[r] * (g[base + j] - mg - xh[base + j] * mgx));
        }
        return Tensor.of(g, saved.xhat().shape());
    }

    static Normalized rmsNorm(Tensor x, float eps) {
        float[] d = x.toFloatArray();
        int n = x.size(-1);
        float[] rstd = new float[n == 0 ? 0 : d.length / n];
        for (int r = 0, base = 0; base < d.length; r++, base += n) {
            double ms = 0;
            for (int j = 0; j < n; j++) ms += (double) d[base + j] * d[base + j];
            ms /= n;
            float rs = (float) (1 / Math.sqrt(ms + eps));
            rstd[r] = rs;
            for (int j = 0; j < n; j++) d[base + j] *= rs;
        }
        return new Normalized(Tensor.of(d, x.shape()), rstd);
    }

    /** dx = r·(ĝ - x̂·mean(ĝ⊙x̂)). */
    static Tensor rmsNormBackward(Tensor gHat, Normalized saved) {
        float[] g = gHat.toFloatArray(), xh = saved.xhat().toFloatArray();
        int n = saved.xhat().size(-1);
        for (int r = 0, base = 0; base < g.length; r++, base += n) {
            double mgx = 0;
            for (int j = 0; j < n; j++) mgx += (double) g[base + j] * xh[base + j];
            mgx /= n;
            for (int j = 0; j < n; j++) g[base + j] = (float) (saved.rstd()[r] * (g[base + j] - xh[base + j] * mgx));
        }
        return Tensor.of(g, saved.xhat().shape());
    }

    /**
     * Rotate-half rotary embedding of x [..., T, D]: for j < D/2 with angle a = pos·theta^(-2j/D),
     * (x_j, x_{j+D/2}) becomes (x_j cos a - x_{j+D/2} sin a, x_{j+D/2} cos a + x_j sin a); inverse uses -a.
     */
    static Tensor rope(Tensor x, int[] positions, double theta, boolean inverse) {
        if (x.dim() < 2) throw new IllegalArgumentException("rope: input must be [..., T, D], got " + Shapes.str(x.shape()));
        int t = x.size(-2), dm = x.size(-1), half = dm / 2;
        if (dm % 2 != 0) throw new IllegalArgumentException("rope: head dim must be even, got " + dm);
        if (positions.length != t) throw new IllegalArgumentException("rope: " + positions.length + " positions for " + t + " rows");
        float[] cos = new float[t * half], sin = new float[t * half];
        for (int r = 0; r < t; r++)
            for (int j = 0; j < half; j++) {
                double invFreq = 1.0 / Math.pow(theta, (2.0 * j) / dm);
                float a = (float) (positions[r] * (float) invFreq);
                cos[r * half + j] = (float) Math.cos(a);
                sin[r * half + j] = inverse ? -(float) Math.sin(a) : (float) Math.sin(a);
            }
        float[] d = x.toFloatArray();
        for (int base = 0, row = 0; base < d.length; base += dm, row = (row + 1) % t) {
            for (int j = 0; j < half; j++) {
                float c = cos[row * half + j], s = sin[row * half + j];
                float x1 = d[base + j], x2 = d[base + j + half];
                d[base + j] = x1 * c - x2 * s;
                d[base + j + half] = x2 * c + x1 * s;
            }
        }
        return Tensor.of(d, x.shape());
    }
}
