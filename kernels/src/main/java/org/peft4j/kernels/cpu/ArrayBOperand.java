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

    // ---- few-rows loops (see BOperand): the same arithmetic in every implementation, only the loads differ

    @Override
    public void dotRows4(int row, int k, float[] a, int aOffset, float[] out, int outOffset) {
        for (int q = 0; q < 4; q++) out[outOffset + q] = dotRow(row + q, k, a, aOffset);
    }

    @Override
    public float dotRow(int row, int k, float[] a, int aOffset) {
        int l = S.length(), p = 0, r = offset + row * ldb;
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        for (; p + 2 * l <= k; p += 2 * l) {
            s0 = FloatVector.fromArray(S, b, r + p).fma(FloatVector.fromArray(S, a, aOffset + p), s0);
            s1 = FloatVector.fromArray(S, b, r + p + l).fma(FloatVector.fromArray(S, a, aOffset + p + l), s1);
        }
        for (; p + l <= k; p += l) s0 = FloatVector.fromArray(S, b, r + p).fma(FloatVector.fromArray(S, a, aOffset + p), s0);
        float sum = VectorMath.sumLanes(s0.add(s1));
        for (; p < k; p++) sum += a[aOffset + p] * b[r + p];
        return sum;
    }

    @Override
    public void axpyRows4(int row, int n, float a0, float a1, float a2, float a3, float[] acc, int accOffset) {
        int l = S.length(), j = 0;
        FloatVector v0 = FloatVector.broadcast(S, a0), v1 = FloatVector.broadcast(S, a1);
        FloatVector v2 = FloatVector.broadcast(S, a2), v3 = FloatVector.broadcast(S, a3);
        for (; j + l <= n; j += l) {
            FloatVector s = FloatVector.fromArray(S, acc, accOffset + j);
            s = FloatVector.fromArray(S, b, offset + (row) * ldb + (j)).fma(v0, s);
            s = FloatVector.fromArray(S, b, offset + (row + 1) * ldb + (j)).fma(v1, s);
            s = FloatVector.fromArray(S, b, offset + (row + 2) * ldb + (j)).fma(v2, s);
            s = FloatVector.fromArray(S, b, offset + (row + 3) * ldb + (j)).fma(v3, s);
            s.intoArray(acc, accOffset + j);
        }
        for (; j < n; j++)
            acc[accOffset + j] += a0 * element(row, j) + a1 * element(row + 1, j) + a2 * element(row + 2, j) + a3 * element(row + 3, j);
    }

    @Override
    public void axpyRow(int row, int n, float a, float[] acc, int accOffset) {
        int l = S.length(), j = 0;
        FloatVector va = FloatVector.broadcast(S, a);
        for (; j + l <= n; j += l) FloatVector.fromArray(S, b, offset + (row) * ldb + (j)).fma(va, FloatVector.fromArray(S, acc, accOffset + j)).intoArray(acc, accOffset + j);
        for (; j < n; j++) acc[accOffset + j] += a * element(row, j);
    }
}
