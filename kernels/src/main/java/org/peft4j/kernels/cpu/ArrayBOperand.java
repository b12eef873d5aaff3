package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Packs op(B) from a row-major float[] (B stored k x n, or n x k when transposed). */
final class ArrayBOperand implements BOperand {
    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;
    private final boolean transB;
    private final float[] b;
    private final int offset, ldb;

    ArrayBOperand(boolean transB, float[] b, int offset, int ldb) {
        this.transB = transB;
        this.b = b;
        this.offset = offset;
        this.ldb = ldb;
    }

    @Override public boolean transposed() { return transB; }

    @Override public float element(int row, int col) { return b[offset + row * ldb + col]; }

    @Override public FloatVector vector(int row, int col) { return FloatVector.fromArray(S, b, offset + row * ldb + col); }

    @Override public float[] array() { return b; }

    @Override public int index(int row, int col) { return offset + row * ldb + col; }

    @Override
    public void widenRow(int row, int col, int len, float[] dst, int dstOffset) {
        System.arraycopy(b, offset + row * ldb + col, dst, dstOffset, len);
    }

    @Override
    public void pack(int p0, int kc, int j0, int nc, int nr, float[] dst, int dstOffset) {
        if (!transB) {
            packRowSegments(offset + p0 * ldb + j0, kc, nc, nr, dst, dstOffset);
            return;
        }
        for (int col = 0, s = 0; col < nc; col += nr, s++)
            packColumnsOfRows(offset + (j0 + col) * ldb + p0, Math.min(nr, nc - col), kc, nr, dst, dstOffset + s * nr * kc);
    }

    /**
     * B stored k x n: each k step of a sliver is nr contiguous elements of one row of B. Rows are walked whole
     * (p outer, slivers inner) so reads stream through memory instead of striding by ldb.
     */
    private void packRowSegments(int src, int kc, int nc, int nr, float[] dst, int dstOffset) {
        int fullSlivers = nc / nr, rest = nc - fullSlivers * nr, L = S.length();
        boolean vector = nr % L == 0;
        for (int p = 0; p < kc; p++) {
            int row = src + p * ldb;
            for (int s = 0; s < fullSlivers; s++) {
                int from = row + s * nr, to = dstOffset + s * nr * kc + p * nr;
                if (vector) for (int j = 0; j < nr; j += L) FloatVector.fromArray(S, b, from + j).intoArray(dst, to + j);
                else System.arraycopy(b, from, dst, to, nr);
            }
            if (rest > 0) {
                int to = dstOffset + fullSlivers * nr * kc + p * nr;
                System.arraycopy(b, row + fullSlivers * nr, dst, to, rest);
                for (int j = rest; j < nr; j++) dst[to + j] = 0f;
            }
        }
    }

    /**
     * B stored n x k (op(B) = B^T, e.g. a [out, in] weight): sliver columns are rows of B, a transpose. The depth
     * is walked in blocks of {@link APacker#DEPTH_BLOCK} so the sliver lines being written stay in L1 across all
     * nr rows.
     */
    private void packColumnsOfRows(int src, int cols, int kc, int nr, float[] dst, int base) {
        for (int p0 = 0; p0 < kc; p0 += APacker.DEPTH_BLOCK) {
            int depth = Math.min(APacker.DEPTH_BLOCK, kc - p0);
            for (int j = 0; j < cols; j++) {
                int s = src + j * ldb + p0;
                for (int p = 0, d = base + p0 * nr + j; p < depth; p++, d += nr) dst[d] = b[s + p];
            }
        }
        for (int j = cols; j < nr; j++) for (int p = 0; p < kc; p++) dst[base + p * nr + j] = 0f;
    }
}
