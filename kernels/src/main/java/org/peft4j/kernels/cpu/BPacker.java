package org.peft4j.kernels.cpu;

/**
 * Where the driver gets op(B) from. An implementation packs a panel of op(B) (rows p0..p0+kc, columns
 * j0..j0+nc) into nr-column slivers laid out k-major: sliver s holds element (p, j) at
 * {@code dst[dstOffset + s*nr*kc + p*nr + j]}, widened to fp32, columns past nc zero-filled.
 * Implementations exist for float[] and for F32/F16/BF16 segments, so low-precision weights are widened here,
 * one cache-sized panel at a time, and never copied whole.
 */
interface BPacker {
    void pack(int p0, int kc, int j0, int nc, int nr, float[] dst, int dstOffset);

    /** Whether pool threads may read the source (a segment of a confined arena may only be read by its owner). */
    default boolean readableFromAnyThread() { return true; }
}
