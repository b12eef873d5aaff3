package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * A 14 x (2 vectors) micro-kernel for machines with 32 vector registers (AVX-512: 14 x 32 floats).
 *
 * <p>Register budget: 14 rows x 2 vectors = 28 accumulators, + 2 registers for the current row of B,
 * + 1 for the broadcast element of A = 31 of the 32 zmm registers, so nothing spills. Each k step issues
 * 28 independent FMAs against 2 vector loads and 14 broadcasts; 28 chains are far more than the FMA latency x
 * throughput product (4 cycles x 1-2 per cycle) needs, and the high FMA:load ratio keeps the load ports idle
 * enough to stream A from L2. Measured on packed data in L1: ~115 GFLOP/s on one Zen 4 core, whose register-only
 * FMA loop peaks at ~116 (docs/GEMM.md).
 */
final class MicroKernel14x2 implements MicroKernel {
    private static final int MR = 14;
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
        FloatVector c6_0 = FloatVector.zero(SPECIES), c6_1 = c6_0;
        FloatVector c7_0 = FloatVector.zero(SPECIES), c7_1 = c7_0;
        FloatVector c8_0 = FloatVector.zero(SPECIES), c8_1 = c8_0;
        FloatVector c9_0 = FloatVector.zero(SPECIES), c9_1 = c9_0;
        FloatVector c10_0 = FloatVector.zero(SPECIES), c10_1 = c10_0;
        FloatVector c11_0 = FloatVector.zero(SPECIES), c11_1 = c11_0;
        FloatVector c12_0 = FloatVector.zero(SPECIES), c12_1 = c12_0;
        FloatVector c13_0 = FloatVector.zero(SPECIES), c13_1 = c13_0;
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
            ai = FloatVector.broadcast(SPECIES, a[ap + 6]); c6_0 = ai.fma(b0, c6_0); c6_1 = ai.fma(b1, c6_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 7]); c7_0 = ai.fma(b0, c7_0); c7_1 = ai.fma(b1, c7_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 8]); c8_0 = ai.fma(b0, c8_0); c8_1 = ai.fma(b1, c8_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 9]); c9_0 = ai.fma(b0, c9_0); c9_1 = ai.fma(b1, c9_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 10]); c10_0 = ai.fma(b0, c10_0); c10_1 = ai.fma(b1, c10_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 11]); c11_0 = ai.fma(b0, c11_0); c11_1 = ai.fma(b1, c11_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 12]); c12_0 = ai.fma(b0, c12_0); c12_1 = ai.fma(b1, c12_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 13]); c13_0 = ai.fma(b0, c13_0); c13_1 = ai.fma(b1, c13_1);
        }
        c0_0.intoArray(tile, 0 * NR); c0_1.intoArray(tile, 0 * NR + L);
        c1_0.intoArray(tile, 1 * NR); c1_1.intoArray(tile, 1 * NR + L);
        c2_0.intoArray(tile, 2 * NR); c2_1.intoArray(tile, 2 * NR + L);
        c3_0.intoArray(tile, 3 * NR); c3_1.intoArray(tile, 3 * NR + L);
        c4_0.intoArray(tile, 4 * NR); c4_1.intoArray(tile, 4 * NR + L);
        c5_0.intoArray(tile, 5 * NR); c5_1.intoArray(tile, 5 * NR + L);
        c6_0.intoArray(tile, 6 * NR); c6_1.intoArray(tile, 6 * NR + L);
        c7_0.intoArray(tile, 7 * NR); c7_1.intoArray(tile, 7 * NR + L);
        c8_0.intoArray(tile, 8 * NR); c8_1.intoArray(tile, 8 * NR + L);
        c9_0.intoArray(tile, 9 * NR); c9_1.intoArray(tile, 9 * NR + L);
        c10_0.intoArray(tile, 10 * NR); c10_1.intoArray(tile, 10 * NR + L);
        c11_0.intoArray(tile, 11 * NR); c11_1.intoArray(tile, 11 * NR + L);
        c12_0.intoArray(tile, 12 * NR); c12_1.intoArray(tile, 12 * NR + L);
        c13_0.intoArray(tile, 13 * NR); c13_1.intoArray(tile, 13 * NR + L);
    }
}
