package org.peft4j.kernels.cpu;

/** Scalar reference for {@link Reductions}: one element at a time, accumulation in double. */
public final class ReductionsReference {
    private ReductionsReference() {}

    public static void sum(int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff, int[] outStrides) {
        int n = Reductions.check("sum", sizes, x, xOff, xStrides, out, outOff, outStrides);
        reduce(false, n, sizes, x, xOff, xStrides, out, outOff, outStrides);
    }

    public static void mean(int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff, int[] outStrides) {
        int n = Reductions.check("mean", sizes, x, xOff, xStrides, out, outOff, outStrides);
        int[] distinct = Reductions.distinctSizes(sizes, outStrides);
        int count = Strided.numel("mean", distinct);
        double[] acc = new double[out.length];
        for (int i = 0; i < n; i++) acc[Strided.offsetOf(i, outOff, sizes, outStrides)] += x[Strided.offsetOf(i, xOff, sizes, xStrides)];
        double per = count == 0 ? 1 : (double) n / count;
        for (int j = 0; j < count; j++) {
            int p = Strided.offsetOf(j, outOff, distinct, outStrides);
            out[p] = (float) (acc[p] / per);
        }
    }

    public static void max(int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff, int[] outStrides) {
        int n = Reductions.check("max", sizes, x, xOff, xStrides, out, outOff, outStrides);
        reduce(true, n, sizes, x, xOff, xStrides, out, outOff, outStrides);
    }

    private static void reduce(boolean isMax, int n, int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff, int[] outStrides) {
        double[] acc = new double[out.length];
        boolean[] touched = new boolean[out.length];
        int[] distinct = Reductions.distinctSizes(sizes, outStrides);
        for (int j = 0, c = Strided.numel("reduce", distinct); j < c; j++) {
            int p = Strided.offsetOf(j, outOff, distinct, outStrides);
            acc[p] = isMax ? Double.NEGATIVE_INFINITY : 0;
            touched[p] = true;
        }
        for (int i = 0; i < n; i++) {
            int p = Strided.offsetOf(i, outOff, sizes, outStrides);
            double v = x[Strided.offsetOf(i, xOff, sizes, xStrides)];
            acc[p] = isMax ? (Double.isNaN(v) || Double.isNaN(acc[p]) ? Double.NaN : Math.max(acc[p], v)) : acc[p] + v;
        }
        for (int p = 0; p < out.length; p++) if (touched[p]) out[p] = (float) acc[p];
    }

    public static void argmax(int[] sizes, int dim, float[] x, int xOff, int[] xStrides, long[] out, int outOff) {
        Reductions.checkArgmax(sizes, dim, x, xOff, xStrides, out, outOff);
        int[] kept = Reductions.keptSizes(sizes, dim);
        int[] keptStrides = Reductions.keptSizes(xStrides, dim);
        for (int j = 0, count = Strided.numel("argmax", kept); j < count; j++) {
            int base = Strided.offsetOf(j, xOff, kept, keptStrides);
            int best = 0;
            for (int i = 1; i < sizes[dim]; i++) {
                float v = x[base + i * xStrides[dim]], b = x[base + best * xStrides[dim]];
                if (Float.isNaN(b)) break;
                if (Float.isNaN(v) || v > b) best = i;
            }
            out[outOff + j] = best;
        }
    }
}
