package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * A 1 x (1 vector) micro-kernel: packed panels without register blocking. Kept as the baseline that shows what
 * register blocking buys (docs/GEMM.md): its single accumulator makes every FMA wait for the previous one (4-cycle
 * latency), and each FMA needs its own load of B. Selected only with {@code -Dpeft4j.gemm.kernel=1x1}.
 */
final class MicroKernel1x1 implements MicroKernel {
    private static final int L = SPECIES.length();

    @Override public int mr() { return 1; }
    @Override public int nr() { return L; }

    @Override
    public void run(int kc, float[] a, int aOffset, float[] b, int bOffset, float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++)
            c0 = FloatVector.broadcast(SPECIES, a[aOffset + p]).fma(FloatVector.fromArray(SPECIES, b, bOffset + p * L), c0);
        c0.intoArray(tile, 0);
    }
}
