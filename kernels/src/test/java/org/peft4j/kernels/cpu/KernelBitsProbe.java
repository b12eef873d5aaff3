package org.peft4j.kernels.cpu;

import java.util.Random;
import java.util.zip.CRC32;

/**
 * Runs the kernels a transformer step uses on fixed inputs and prints one CRC per kernel over the output bits.
 * {@link JitTierDeterminismTest} compares what it prints in a JVM with -Xint (every Vector API call takes its
 * Java fallback) to what it computes in a warmed-up JVM (C2 intrinsics): any difference is a kernel whose
 * result depends on whether the JIT has compiled it.
 */
public final class KernelBitsProbe {
    private KernelBitsProbe() {}

    public static void main(String[] args) {
        System.out.println(run());
    }

    /** "name=crc name=crc ..." for each kernel. */
    public static String run() {
        StringBuilder out = new StringBuilder();
        Random rng = new Random(42);
        int rows = 3, h = 77; // h not a multiple of any vector length, so tails run too
        float[] x = random(rng, rows * h, 4f), gamma = random(rng, h, 1f), beta = random(rng, h, 1f), dy = random(rng, rows * h, 1f);
        int[] sizes = {rows, h}, strides = {h, 1};

        float[] y = new float[rows * h];
        Softmax.softmax(sizes, x, 0, strides, null, 0, null, false, y, 0);
        add(out, "softmax", y);
        float[] dx = new float[rows * h];
        Softmax.softmaxBackward(rows, h, y, 0, dy, 0, dx, 0);
        add(out, "softmax_backward", dx);
        Softmax.logSoftmax(sizes, x, 0, strides, null, 0, null, false, y, 0);
        add(out, "log_softmax", y);
        Softmax.logSoftmaxBackward(rows, h, y, 0, dy, 0, dx, 0);
        add(out, "log_softmax_backward", dx);

        float[] mean = new float[rows], rstd = new float[rows];
        Norms.layerNorm(rows, h, x, 0, gamma, 0, beta, 0, 1e-5f, y, 0, mean, 0, rstd, 0);
        add(out, "layer_norm", y, mean, rstd);
        Norms.rmsNorm(rows, h, x, 0, gamma, 0, 1e-6f, y, 0, rstd, 0);
        add(out, "rms_norm", y, rstd);

        Activations.gelu(rows * h, x, 0, y, 0);
        add(out, "gelu", y);
        Activations.geluTanh(rows * h, x, 0, y, 0);
        add(out, "gelu_tanh", y);
        Activations.geluTanhBackward(rows * h, x, 0, dy, 0, dx, 0);
        add(out, "gelu_tanh_backward", dx);
        Activations.silu(rows * h, x, 0, y, 0);
        add(out, "silu", y);
        for (UnaryOp op : new UnaryOp[]{UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID}) {
            float[] in = op == UnaryOp.LOG ? abs(x) : x;
            Elementwise.unary(op, sizes, in, 0, strides, y, 0);
            add(out, op.name().toLowerCase(java.util.Locale.ROOT), y);
        }

        long[] targets = {5, 0, 70};
        float[] dlogits = new float[rows * h];
        float loss = CrossEntropy.crossEntropy(rows, h, x, 0, targets, 0, -100, 0.1f, true, dlogits, 0);
        add(out, "cross_entropy", new float[]{loss}, dlogits);

        float[] sums = new float[rows];
        Reductions.sum(sizes, x, 0, strides, sums, 0, new int[]{1, 0});
        add(out, "row_sum", sums);

        // a small GEMM (few rows: the dot-product path) and a larger one (the packed micro-kernel)
        for (int m : new int[]{2, 40}) {
            int n = 37, k = 83;
            float[] a = random(rng, m * k, 1f), b = random(rng, k * n, 1f), c = new float[m * n];
            Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
            add(out, "sgemm_nt_m" + m, c);
            Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            add(out, "sgemm_nn_m" + m, c);
        }
        return out.toString().trim();
    }

    private static float[] random(Random rng, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian() * scale;
        return v;
    }

    private static float[] abs(float[] x) {
        float[] a = new float[x.length];
        for (int i = 0; i < x.length; i++) a[i] = Math.abs(x[i]) + 1e-3f;
        return a;
    }

    private static void add(StringBuilder out, String name, float[]... arrays) {
        CRC32 crc = new CRC32();
        for (float[] arr : arrays)
            for (float v : arr) {
                int bits = Float.floatToRawIntBits(v);
                crc.update(bits);
                crc.update(bits >>> 8);
                crc.update(bits >>> 16);
                crc.update(bits >>> 24);
            }
        out.append(name).append('=').append(Long.toHexString(crc.getValue())).append(' ');
    }
}
