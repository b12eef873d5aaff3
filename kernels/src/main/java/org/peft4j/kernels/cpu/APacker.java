package org.peft4j.kernels.cpu;

/**
 * Packs a block of op(A) (rows i0..i0+mc, columns p0..p0+kc) into mr-row slivers laid out k-major: sliver s
 * holds element (i, p) at {@code dst[s*mr*kc + p*mr + i]}, so the micro-kernel reads it strictly forward.
 * Rows past the end of the block are zero-filled: the micro-kernel then computes them harmlessly and the driver
 * drops them when it writes the partial tile back.
 */
final class APacker {
    /**
     * Depth block of the transposing packers: 64 steps of a sliver (64 x 14 or 64 x 32 floats, at most 8 KiB)
     * stay in L1 while every row of the source contributes its 64 elements, where a whole 768-deep sliver would not.
     */
    static final int DEPTH_BLOCK = 64;

    private APacker() {}

    static void pack(boolean transA, float[] a, int aOffset, int lda, int i0, int mc, int p0, int kc, int mr, float[] dst) {
        for (int s = 0, row = 0; row < mc; s++, row += mr) {
            int rows = Math.min(mr, mc - row);
            int base = s * mr * kc;
            if (transA) packTransposed(a, aOffset + p0 * lda + i0 + row, lda, rows, kc, mr, dst, base);
            else packRows(a, aOffset + (i0 + row) * lda + p0, lda, rows, kc, mr, dst, base);
        }
    }

    /** A stored m x k: sliver rows are rows of A, a transpose, done in depth blocks that keep the sliver in L1. */
    private static void packRows(float[] a, int src, int lda, int rows, int kc, int mr, float[] dst, int base) {
        for (int p0 = 0; p0 < kc; p0 += DEPTH_BLOCK) {
            int depth = Math.min(DEPTH_BLOCK, kc - p0);
            for (int i = 0; i < rows; i++) {
                int s = src + i * lda + p0;
                for (int p = 0, d = base + p0 * mr + i; p < depth; p++, d += mr) dst[d] = a[s + p];
            }
        }
        if (rows < mr) zeroRows(rows, kc, mr, dst, base);
    }

    /** A stored k x m (op(A) = A^T): each k step of the sliver is `rows` contiguous elements of one row of A. */
    private static void packTransposed(float[] a, int src, int lda, int rows, int kc, int mr, float[] dst, int base) {
        for (int p = 0; p < kc; p++) System.arraycopy(a, src + p * lda, dst, base + p * mr, rows);
        if (rows < mr) zeroRows(rows, kc, mr, dst, base);
    }

    private static void zeroRows(int rows, int kc, int mr, float[] dst, int base) {
        for (int p = 0; p < kc; p++) for (int i = rows; i < mr; i++) dst[base + p * mr + i] = 0f;
    }
}
