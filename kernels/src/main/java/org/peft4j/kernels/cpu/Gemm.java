package org.peft4j.kernels.cpu;

import java.lang.foreign.MemorySegment;
import org.peft4j.kernels.jfr.KernelEvent;

/**
 * Single-precision GEMM, {@code C = alpha * op(A) * op(B) + beta * C}, BLIS-style (packed panels, a register-blocked
 * SIMD micro-kernel, cache blocking, parallel on {@link KernelPool}); see {@link GemmDriver}.
 *
 * <p>Conventions (row-major CBLAS): op(A) is m x k, op(B) is k x n, C is m x n. Without transpose A is stored
 * m x k with row stride lda; with transA it is stored k x m (op(A) = A^T). Likewise B: k x n, or n x k with
 * transB (a linear layer's [out, in] weight is B with transB). C is stored m x n with row stride ldc. Offsets and
 * strides count elements. beta == 0 overwrites C without reading it. C must not overlap A or B.
 *
 * <p>B may be a read-only little-endian segment of F32, F16 or BF16 (frozen weights): it is widened to fp32 panel
 * by panel while packing and never copied whole. Accumulation is always fp32.
 *
 * <p>Bad arguments (negative sizes, a leading dimension shorter than a row, storage too short for the view)
 * throw IllegalArgumentException naming the operation and its sizes.
 */
public final class Gemm {
    private Gemm() {}

    /** Event names of the segment-B GEMM by B's format (no string building on the hot path). */
    private static final String[] SEGMENT_KERNEL = java.util.Arrays.stream(FloatFormat.values())
            .map(f -> "sgemm_" + f.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        GemmChecks.check("sgemm", transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb, c.length, cOffset, ldc);
        KernelEvent event = KernelEvent.start();
        GemmDriver.gemm(transA, m, n, k, alpha, a, aOffset, lda, new ArrayBOperand(transB, b, bOffset, ldb), beta, c, cOffset, ldc, true);
        KernelEvent.gemm(event, "sgemm", 1, m, n, k, 4);
    }

    /** As above with B in a read-only segment of {@code bFormat} elements; bOffset and ldb in elements. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, MemorySegment b, FloatFormat bFormat, long bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        GemmChecks.check("sgemm", transA, transB, m, n, k, a.length, aOffset, lda,
                b.byteSize() / bFormat.byteSize(), bOffset, ldb, c.length, cOffset, ldc);
        KernelEvent event = KernelEvent.start();
        GemmDriver.gemm(transA, m, n, k, alpha, a, aOffset, lda, new SegmentBOperand(transB, b, bFormat, bOffset, ldb),
                beta, c, cOffset, ldc, true);
        KernelEvent.gemm(event, SEGMENT_KERNEL[bFormat.ordinal()], 1, m, n, k, bFormat.byteSize());
    }

    /**
     * The same GEMM over a batch (attention heads, broadcast matmul): item t uses A at aOffset + t*strideA, B at
     * bOffset + t*strideB, C at cOffset + t*strideC. A stride of 0 shares that operand across the batch
     * (broadcasting); C items must not overlap.
     */
    public static void sgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    float[] a, int aOffset, int lda, int strideA, float[] b, int bOffset, int ldb, int strideB,
                                    float beta, float[] c, int cOffset, int ldc, int strideC) {
        GemmChecks.checkBatch("sgemmBatched", batch);
        int[] ao = new int[batch], bo = new int[batch], co = new int[batch];
        for (int t = 0; t < batch; t++) {
            ao[t] = Math.toIntExact(aOffset + (long) t * strideA);
            bo[t] = Math.toIntExact(bOffset + (long) t * strideB);
            co[t] = Math.toIntExact(cOffset + (long) t * strideC);
        }
        sgemmBatched(batch, transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
    }

    /** Batched GEMM with one offset per item for each operand (any batch layout, e.g. broadcast batch dims). */
    public static void sgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    float[] a, int[] aOffsets, int lda, float[] b, int[] bOffsets, int ldb,
                                    float beta, float[] c, int[] cOffsets, int ldc) {
        GemmChecks.checkBatch("sgemmBatched", batch);
        if (aOffsets.length < batch || bOffsets.length < batch || cOffsets.length < batch)
            throw new IllegalArgumentException(GemmChecks.describe("sgemmBatched", transA, transB, m, n, k) + ": batch " + batch
                    + " needs that many offsets, got A " + aOffsets.length + ", B " + bOffsets.length + ", C " + cOffsets.length);
        for (int t = 0; t < batch; t++)
            GemmChecks.check("sgemmBatched[" + t + "]", transA, transB, m, n, k, a.length, aOffsets[t], lda,
                    b.length, bOffsets[t], ldb, c.length, cOffsets[t], ldc);
        int threads = KernelPool.threads();
        KernelEvent event = KernelEvent.start();
        if (batch >= threads && threads > 1) {
            // Enough items to keep every thread busy: one single-threaded GEMM per item, items spread over threads.
            KernelPool.parallelFor(Math.min(batch, 4 * threads), part -> {
                int parts = Math.min(batch, 4 * threads);
                for (int t = (int) ((long) batch * part / parts), end = (int) ((long) batch * (part + 1) / parts); t < end; t++)
                    GemmDriver.gemm(transA, m, n, k, alpha, a, aOffsets[t], lda, new ArrayBOperand(transB, b, bOffsets[t], ldb),
                            beta, c, cOffsets[t], ldc, false);
            });
        } else {
            for (int t = 0; t < batch; t++)
                GemmDriver.gemm(transA, m, n, k, alpha, a, aOffsets[t], lda, new ArrayBOperand(transB, b, bOffsets[t], ldb),
                        beta, c, cOffsets[t], ldc, true);
        }
        KernelEvent.gemm(event, "sgemm_batched", batch, m, n, k, 4);
    }
}
