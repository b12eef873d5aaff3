package org.peft4j.benchmarks;

import java.util.Random;

/** An "MxNxK" benchmark shape (C is m x n, the product depth k) and the operands the GEMM benchmarks share. */
record GemmShape(int m, int n, int k) {
    static GemmShape parse(String mxnxk) {
        String[] p = mxnxk.split("x");
        if (p.length != 3) throw new IllegalArgumentException("shape must be MxNxK, got '" + mxnxk + "'");
        return new GemmShape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    double flops() { return 2.0 * m * n * k; }

    /** Standard normal values, like the OpenBLAS peer script's operands. */
    static float[] normal(Random rng, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float) rng.nextGaussian();
        return x;
    }
}
