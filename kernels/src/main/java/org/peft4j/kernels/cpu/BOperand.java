package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * The B operand of a GEMM, stored row-major (k x n, or n x k when transposed) in a float[] or in a F32/F16/BF16
 * segment, and the two ways the GEMM reads it: packed panels for the blocked path, and widened vectors of stored
 * rows for the few-rows path ({@link SmallGemm}). Low-precision weights are thus widened as they are read, one
 * cache-sized panel or one vector at a time, and never copied whole.
 */
interface BOperand {
    /**
     * Packs a panel of op(B) (rows p0..p0+kc, columns j0..j0+nc) into nr-column slivers laid out k-major: sliver s
     * holds element (p, j) at {@code dst[dstOffset + s*nr*kc + p*nr + j]}, widened to fp32, columns past nc
     * zero-filled.
     */
    void pack(int p0, int kc, int j0, int nc, int nr, float[] dst, int dstOffset);

    /** Whether B is stored n x k, op(B) = B^T (a linear layer's [out, in] weight). */
    boolean transposed();

    /** Stored element (row, col), widened to fp32. */
    float element(int row, int col);

    /** {@code MicroKernel.SPECIES.length()} consecutive stored elements of a row from col on, widened to fp32. */
    FloatVector vector(int row, int col);

    /**
     * The float[] that holds B when it is stored as fp32 in an array (read in place by the few-rows path), or null
     * when B must be widened into a buffer first ({@link #widenRow}).
     */
    default float[] array() { return null; }

    /** Index in {@link #array()} of stored element (row, col); only for array operands. */
    default int index(int row, int col) { throw new UnsupportedOperationException("not an array operand"); }

    /** Stored row {@code row}, columns col..col+len, widened to fp32 into dst from dstOffset on. */
    void widenRow(int row, int col, int len, float[] dst, int dstOffset);

    /** Whether pool threads may read the source (a segment of a confined arena may only be read by its owner). */
    default boolean readableFromAnyThread() { return true; }
}
