package org.peft4j.kernels.cpu;

/** Scalar reference for {@link Softmax}: the same signatures and masking rules, arithmetic in double. */
public final class SoftmaxReference {
    private SoftmaxReference() {}

    public static void softmax(int[] sizes, float[] x, int xOff, int[] xStrides, float[] mask, int maskOff, int[] maskStrides,
                               boolean causal, float[] out, int outOff) {
        forward("softmax", false, sizes, x, xOff, xStrides, mask, maskOff, maskStrides, causal, out, outOff);
    }

    public static void logSoftmax(int[] sizes, float[] x, int xOff, int[] xStrides, float[] mask, int maskOff, int[] maskStrides,
                                  boolean causal, float[] out, int outOff) {
        forward("log_softmax", true, sizes, x, xOff, xStrides, mask, maskOff, maskStrides, causal, out, outOff);
    }

    private static void forward(String op, boolean log, int[] sizes, float[] x, int xOff, int[] xStrides, float[] mask, int maskOff,
                                int[] maskStrides, boolean causal, float[] out, int outOff) {
        int total = Softmax.check(op, sizes, x, xOff, xStrides, mask, maskOff, maskStrides, causal, out, outOff);
        if (total == 0) return;
        int rank = sizes.length, n = sizes[rank - 1], rows = total / n;
        int tq = causal ? sizes[rank - 2] : 1;
        double[] z = new double[n];
        for (int r = 0; r < rows; r++) {
            int q = rank >= 2 ? r % sizes[rank - 2] : 0;
            int valid = Softmax.visible(causal, q, tq, n);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                int flat = r * n + j;
                double v = x[Strided.offsetOf(flat, xOff, sizes, xStrides)];
                if (mask != null) v += mask[Strided.offsetOf(flat, maskOff, sizes, maskStrides)];
                z[j] = j < valid ? v : Double.NEGATIVE_INFINITY;
                max = Double.isNaN(z[j]) || Double.isNaN(max) ? Double.NaN : Math.max(max, z[j]);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                for (int j = 0; j < n; j++) out[outOff + r * n + j] = log ? Float.NEGATIVE_INFINITY : 0f;
                continue;
            }
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp(z[j] - max);
            for (int j = 0; j < n; j++)
                out[outOff + r * n + j] = (float) (log ? z[j] - max - Math.log(sum) : Math.exp(z[j] - max) / sum);
        }
    }

    public static void softmaxBackward(int rows, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Softmax.checkBackward("softmax_backward", rows, n, y, yOff, dy, dyOff, dx, dxOff);
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            for (int j = 0; j < n; j++) dot += (double) y[yOff + r * n + j] * dy[dyOff + r * n + j];
            for (int j = 0; j < n; j++) dx[dxOff + r * n + j] = (float) (y[yOff + r * n + j] * (dy[dyOff + r * n + j] - dot));
        }
    }

    public static void logSoftmaxBackward(int rows, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Softmax.checkBackward("log_softmax_backward", rows, n, y, yOff, dy, dyOff, dx, dxOff);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += dy[dyOff + r * n + j];
            for (int j = 0; j < n; j++) dx[dxOff + r * n + j] = (float) (dy[dyOff + r * n + j] - Math.exp(y[yOff + r * n + j]) * sum);
        }
    }
}
