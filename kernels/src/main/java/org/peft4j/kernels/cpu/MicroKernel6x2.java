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
        // Accumulators: row r of the tile is (cR0, cR1), two vectors of L columns each.
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = c10;
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = c20;
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = c30;
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = c40;
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = c50;
        for (int p = 0; p < kc; p++) {
            int ap = aOffset + p * MR, bp = bOffset + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + L);
            FloatVector ai;
            ai = FloatVector.broadcast(SPECIES, a[ap + 0]); c00 = ai.fma(b0, c00); c01 = ai.fma(b1, c01);
            ai = FloatVector.broadcast(SPECIES, a[ap + 1]); c10 = ai.fma(b0, c10); c11 = ai.fma(b1, c11);
            ai = FloatVector.broadcast(SPECIES, a[ap + 2]); c20 = ai.fma(b0, c20); c21 = ai.fma(b1, c21);
            ai = FloatVector.broadcast(SPECIES, a[ap + 3]); c30 = ai.fma(b0, c30); c31 = ai.fma(b1, c31);
            ai = FloatVector.broadcast(SPECIES, a[ap + 4]); c40 = ai.fma(b0, c40); c41 = ai.fma(b1, c41);
            ai = FloatVector.broadcast(SPECIES, a[ap + 5]); c50 = ai.fma(b0, c50); c51 = ai.fma(b1, c51);
        }
        c00.intoArray(tile, 0 * NR); c01.intoArray(tile, 0 * NR + L);
        c10.intoArray(tile, 1 * NR); c11.intoArray(tile, 1 * NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
    }
}
