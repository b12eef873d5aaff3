package org.peft4j.kernels.cpu;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs op(B) from a read-only little-endian segment of F32, F16 or BF16 elements (frozen weights), widening to
 * fp32 as it goes. Offsets and leading dimension are in elements.
 */
final class SegmentBOperand implements BOperand {
    private static final VectorSpecies<Float> S = HalfFloats.FLOATS;
    private final boolean transB;
    private final MemorySegment b;
    private final FloatFormat format;
    private final long offset;
    private final int ldb;
    /** A thread that owns no arena: a segment it may read is readable from every thread. */
    private static final Thread NO_OWNER = new Thread(() -> {});

    SegmentBOperand(boolean transB, MemorySegment b, FloatFormat format, long offset, int ldb) {
        this.transB = transB;
        this.b = b;
        this.format = format;
        this.offset = offset;
        this.ldb = ldb;
    }

    @Override public boolean transposed() { return transB; }

    @Override public float element(int row, int col) { return HalfFloats.get(b, format, offset + (long) row * ldb + col); }

    @Override
    public boolean readableFromAnyThread() { return b.isAccessibleBy(NO_OWNER); }

    @Override
    public void pack(int p0, int kc, int j0, int nc, int nr, float[] dst, int dstOffset) {
        if (!transB) {
            packRowSegments(offset + (long) p0 * ldb + j0, kc, nc, nr, dst, dstOffset);
            return;
        }
        for (int col = 0, s = 0; col < nc; col += nr, s++)
            packColumnsOfRows(offset + (long) (j0 + col) * ldb + p0, Math.min(nr, nc - col), kc, nr, dst, dstOffset + s * nr * kc);
    }

    /** B stored k x n: rows of B are walked whole (p outer, slivers inner), widened a vector at a time. */
    private void packRowSegments(long src, int kc, int nc, int nr, float[] dst, int dstOffset) {
        int L = S.length();
        for (int p = 0; p < kc; p++) {
            long row = src + (long) p * ldb;
            for (int col = 0, s = 0; col < nc; col += nr, s++) {
                int cols = Math.min(nr, nc - col), d = dstOffset + s * nr * kc + p * nr, j = 0;
                for (; j + L <= cols; j += L) HalfFloats.load(b, format, row + col + j).intoArray(dst, d + j);
                for (; j < cols; j++) dst[d + j] = HalfFloats.get(b, format, row + col + j);
                for (; j < nr; j++) dst[d + j] = 0f;
            }
        }
    }

    /**
     * B stored n x k (op(B) = B^T, the [out, in] weight of a linear layer): a transpose while widening. A block of
     * {@link APacker#DEPTH_BLOCK} elements of each stored row is widened by vector into a small buffer, then spread
     * down the sliver column; blocking the depth keeps the sliver lines being written in L1 across all nr rows
     * (a whole 768-deep sliver is 96 KiB). Element-wise segment reads would cost several times more.
     */
    private void packColumnsOfRows(long src, int cols, int kc, int nr, float[] dst, int base) {
        int L = S.length();
        float[] row = new float[APacker.DEPTH_BLOCK];
        for (int p0 = 0; p0 < kc; p0 += APacker.DEPTH_BLOCK) {
            int depth = Math.min(APacker.DEPTH_BLOCK, kc - p0), vectorEnd = depth - depth % L;
            for (int j = 0; j < cols; j++) {
                long s = src + (long) j * ldb + p0;
                int p = 0;
                for (; p < vectorEnd; p += L) HalfFloats.load(b, format, s + p).intoArray(row, p);
                for (; p < depth; p++) row[p] = HalfFloats.get(b, format, s + p);
                for (p = 0; p < depth; p++) dst[base + (p0 + p) * nr + j] = row[p];
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
        int l = S.length(), p = 0;
        long r = offset + (long) row * ldb;
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        for (; p + 2 * l <= k; p += 2 * l) {
            s0 = HalfFloats.load(b, format, r + p).fma(FloatVector.fromArray(S, a, aOffset + p), s0);
            s1 = HalfFloats.load(b, format, r + p + l).fma(FloatVector.fromArray(S, a, aOffset + p + l), s1);
        }
        for (; p + l <= k; p += l) s0 = HalfFloats.load(b, format, r + p).fma(FloatVector.fromArray(S, a, aOffset + p), s0);
        float sum = VectorMath.sumLanes(s0.add(s1));
        for (; p < k; p++) sum += a[aOffset + p] * HalfFloats.get(b, format, r + p);
        return sum;
    }

    @Override
    public void axpyRows4(int row, int n, float a0, float a1, float a2, float a3, float[] acc, int accOffset) {
        int l = S.length(), j = 0;
        FloatVector v0 = FloatVector.broadcast(S, a0), v1 = FloatVector.broadcast(S, a1);
        FloatVector v2 = FloatVector.broadcast(S, a2), v3 = FloatVector.broadcast(S, a3);
        for (; j + l <= n; j += l) {
            FloatVector s = FloatVector.fromArray(S, acc, accOffset + j);
            s = HalfFloats.load(b, format, offset + (long) (row) * ldb + (j)).fma(v0, s);
            s = HalfFloats.load(b, format, offset + (long) (row + 1) * ldb + (j)).fma(v1, s);
            s = HalfFloats.load(b, format, offset + (long) (row + 2) * ldb + (j)).fma(v2, s);
            s = HalfFloats.load(b, format, offset + (long) (row + 3) * ldb + (j)).fma(v3, s);
            s.intoArray(acc, accOffset + j);
        }
        for (; j < n; j++)
            acc[accOffset + j] += a0 * element(row, j) + a1 * element(row + 1, j) + a2 * element(row + 2, j) + a3 * element(row + 3, j);
    }

    @Override
    public void axpyRow(int row, int n, float a, float[] acc, int accOffset) {
        int l = S.length(), j = 0;
        FloatVector va = FloatVector.broadcast(S, a);
        for (; j + l <= n; j += l) HalfFloats.load(b, format, offset + (long) (row) * ldb + (j)).fma(va, FloatVector.fromArray(S, acc, accOffset + j)).intoArray(acc, accOffset + j);
        for (; j < n; j++) acc[accOffset + j] += a * element(row, j);
    }
}
