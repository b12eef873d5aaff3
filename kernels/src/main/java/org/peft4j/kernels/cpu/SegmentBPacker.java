package org.peft4j.kernels.cpu;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs op(B) from a read-only little-endian segment of F32, F16 or BF16 elements (frozen weights), widening to
 * fp32 as it goes. Offsets and leading dimension are in elements.
 */
final class SegmentBPacker implements BPacker {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> HS = HalfFloats.halfSpecies(S);
    private final boolean transB;
    private final MemorySegment b;
    private final FloatFormat format;
    private final long offset;
    private final int ldb;
    /** A thread that owns no arena: a segment it may read is readable from every thread. */
    private static final Thread NO_OWNER = new Thread(() -> {});

    SegmentBPacker(boolean transB, MemorySegment b, FloatFormat format, long offset, int ldb) {
        this.transB = transB;
        this.b = b;
        this.format = format;
        this.offset = offset;
        this.ldb = ldb;
    }

    @Override
    public boolean readableFromAnyThread() { return b.isAccessibleBy(NO_OWNER); }

    @Override
    public void pack(int p0, int kc, int j0, int nc, int nr, float[] dst, int dstOffset) {
        for (int col = 0, s = 0; col < nc; col += nr, s++) {
            int cols = Math.min(nr, nc - col);
            int base = dstOffset + s * nr * kc;
            if (transB) packColumnsOfRows(offset + (long) (j0 + col) * ldb + p0, cols, kc, nr, dst, base);
            else packRowSegments(offset + (long) p0 * ldb + j0 + col, cols, kc, nr, dst, base);
        }
    }

    /** B stored k x n: each k step of the sliver is `cols` contiguous elements of one row of B, widened by vector. */
    private void packRowSegments(long src, int cols, int kc, int nr, float[] dst, int base) {
        int vectorCols = cols - cols % S.length();
        for (int p = 0; p < kc; p++) {
            long row = src + (long) p * ldb;
            int d = base + p * nr, j = 0;
            for (; j < vectorCols; j += S.length()) HalfFloats.load(S, HS, b, format, row + j).intoArray(dst, d + j);
            for (; j < cols; j++) dst[d + j] = HalfFloats.get(b, format, row + j);
            for (; j < nr; j++) dst[d + j] = 0f;
        }
    }

    /** B stored n x k (op(B) = B^T, the [out, in] weight of a linear layer): a transpose while widening. */
    private void packColumnsOfRows(long src, int cols, int kc, int nr, float[] dst, int base) {
        for (int j = 0; j < cols; j++) {
            long s = src + (long) j * ldb;
            for (int p = 0, d = base + j; p < kc; p++, d += nr) dst[d] = HalfFloats.get(b, format, s + p);
        }
        for (int j = cols; j < nr; j++) for (int p = 0; p < kc; p++) dst[base + p * nr + j] = 0f;
    }
}
