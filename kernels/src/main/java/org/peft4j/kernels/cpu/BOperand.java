package org.peft4j.kernels.cpu;

/**
 * The B operand of a GEMM, stored row-major (k x n, or n x k when transposed) in a float[] or in a F32/F16/BF16
 * segment, and the two ways the GEMM reads it: packed panels for the blocked path, and the few-rows loops of
 * {@link SmallGemm} (dot products along stored rows, sums of scaled stored rows). Low-precision weights are thus
 * widened as they are read, one cache-sized panel or one vector at a time, and never copied whole.
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

    // ---- the few-rows path (SmallGemm). Each implementation carries its own copy of these loops, so the vector
    // loads inside them are monomorphic: reading vectors through an interface method from SmallGemm, with both
    // classes seen at one call site, made C2 box every vector where the two inlined bodies merged.

    /** out[outOffset + q] = {@link #dotRow}(row + q, ...) for q < 4. */
    void dotRows4(int row, int k, float[] a, int aOffset, float[] out, int outOffset);

    /**
     * sum_p a[aOffset + p] * stored(row, p) over p < k: two L-lane accumulators over pairs of vectors (one stream
     * per row with two chains measured 1.8x faster than four rows side by side with one chain each), a last single
     * vector, the accumulators added and their lanes summed left to right, then the scalar tail in order.
     */
    float dotRow(int row, int k, float[] a, int aOffset);

    /** acc[accOffset + j] += a0 stored(row, j) + a1 stored(row+1, j) + a2 stored(row+2, j) + a3 stored(row+3, j), j < n. */
    void axpyRows4(int row, int n, float a0, float a1, float a2, float a3, float[] acc, int accOffset);

    /** acc[accOffset + j] += a * stored(row, j), j < n. */
    void axpyRow(int row, int n, float a, float[] acc, int accOffset);

    /** Whether pool threads may read the source (a segment of a confined arena may only be read by its owner). */
    default boolean readableFromAnyThread() { return true; }
}
