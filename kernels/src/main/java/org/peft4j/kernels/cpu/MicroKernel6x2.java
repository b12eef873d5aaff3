package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * A 6 x (2 vectors) micro-kernel: the portable shape, for machines with 16 vector registers (AVX2: 6 x 16 floats)
 * or whenever the preferred species is narrower than 16 lanes.
 *
 * <p>Register budget: 6 rows x 2 vectors = 12 accumulators, + 2 for the row of B, + 1 broadcast of A = 15 of
 * 16 ymm registers. 12 independent FMA chains cover the FMA latency x throughput product (4-5 cycles x 2 per
 * cycle) of current x86 cores.
 */
final class MicroKernel6x2 implements MicroKernel {
    private static final int MR = 6;
    private static final int L = SPECIES.length();
    private static final int NR = 2 * L;

    @Override public int mr() { return MR; }
    @Override public int nr() { return NR; }

    @Override
    public void run(int kc, float[] a, int aOffset, float[] b, int bOffset, float[] tile) {
        // Accumulators: row r of the tile is (cr_0, cr_1), its left and right vector of L columns.
        FloatVector c0_0 = FloatVector.zero(SPECIES), c0_1 = c0_0;
        FloatVector c1_0 = FloatVector.zero(SPECIES), c1_1 = c1_0;
        FloatVector c2_0 = FloatVector.zero(SPECIES), c2_1 = c2_0;
        FloatVector c3_0 = FloatVector.zero(SPECIES), c3_1 = c3_0;
        FloatVector c4_0 = FloatVector.zero(SPECIES), c4_1 = c4_0;
        FloatVector c5_0 = FloatVector.zero(SPECIES), c5_1 = c5_0;
        for (int p = 0; p < kc; p++) {
            int ap = aOffset + p * MR, bp = bOffset + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + L);
            FloatVector ai;
            ai = FloatVector.broadcast(SPECIES, a[ap + 0]); c0_0 = ai.fma(b0, c0_0); c0_1 = ai.fma(b1, c0_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 1]); c1_0 = ai.fma(b0, c1_0); c1_1 = ai.fma(b1, c1_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 2]); c2_0 = ai.fma(b0, c2_0); c2_1 = ai.fma(b1, c2_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 3]); c3_0 = ai.fma(b0, c3_0); c3_1 = ai.fma(b1, c3_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 4]); c4_0 = ai.fma(b0, c4_0); c4_1 = ai.fma(b1, c4_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 5]); c5_0 = ai.fma(b0, c5_0); c5_1 = ai.fma(b1, c5_1);
        }
        c0_0.intoArray(tile, 0 * NR); c0_1.intoArray(tile, 0 * NR + L);
        c1_0.intoArray(tile, 1 * NR); c1_1.intoArray(tile, 1 * NR + L);
        c2_0.intoArray(tile, 2 * NR); c2_1.intoArray(tile, 2 * NR + L);
        c3_0.intoArray(tile, 3 * NR); c3_1.intoArray(tile, 3 * NR + L);
        c4_0.intoArray(tile, 4 * NR); c4_1.intoArray(tile, 4 * NR + L);
        c5_0.intoArray(tile, 5 * NR); c5_1.intoArray(tile, 5 * NR + L);
    }
}
