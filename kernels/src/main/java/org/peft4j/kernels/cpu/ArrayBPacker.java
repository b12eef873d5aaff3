package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Packs op(B) from a row-major float[] (B stored k x n, or n x k when transposed). */
final class ArrayBPacker implements BPacker {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private final boolean transB;
    private final float[] b;
    private final int offset, ldb;

    ArrayBPacker(boolean transB, float[] b, int offset, int ldb) {
        this.transB = transB;
        this.b = b;
        this.offset = offset;
        this.ldb = ldb;
    }

    @Override
    public void pack(int p0, int kc, int j0, int nc, int nr, float[] dst, int dstOffset) {
        for (int col = 0, s = 0; col < nc; col += nr, s++) {
            int cols = Math.min(nr, nc - col);
            int base = dstOffset + s * nr * kc;
            if (transB) packColumnsOfRows(offset + (j0 + col) * ldb + p0, cols, kc, nr, dst, base);
            else packRowSegments(offset + p0 * ldb + j0 + col, cols, kc, nr, dst, base);
        }
    }

    /** B stored k x n: each k step of the sliver is `cols` contiguous elements of one row of B. */
    private void packRowSegments(int src, int cols, int kc, int nr, float[] dst, int base) {
        if (cols == nr && nr % S.length() == 0) {
            for (int p = 0; p < kc; p++)
                for (int j = 0; j < nr; j += S.length())
                    FloatVector.fromArray(S, b, src + p * ldb + j).intoArray(dst, base + p * nr + j);
            return;
        }
        for (int p = 0; p < kc; p++) {
            int d = base + p * nr;
            System.arraycopy(b, src + p * ldb, dst, d, cols);
            for (int j = cols; j < nr; j++) dst[d + j] = 0f;
        }
    }

    /** B stored n x k (op(B) = B^T, e.g. a [out, in] weight): sliver columns are rows of B, a transpose. */
    private void packColumnsOfRows(int src, int cols, int kc, int nr, float[] dst, int base) {
        for (int j = 0; j < cols; j++) {
            int s = src + j * ldb;
            for (int p = 0, d = base + j; p < kc; p++, d += nr) dst[d] = b[s + p];
        }
        for (int j = cols; j < nr; j++) for (int p = 0; p < kc; p++) dst[base + p * nr + j] = 0f;
    }
}
