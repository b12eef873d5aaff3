package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.FloatFormat;
import org.peft4j.kernels.cpu.Gemm;
import org.peft4j.tensor.SegmentStorage;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * Maps a (batched) product of tensor views onto {@link Gemm} calls: decides which operands can be read in place,
 * folds a batch against a shared right operand into one tall GEMM, and otherwise runs one GEMM per batch item.
 */
final class BatchedProduct {
    private BatchedProduct() {}

    /**
     * out[t] = a[t]·b[t] + beta·out[t] for every batch index t, out contiguous [batch..., m, n].
     * a is [..., m, k] and b is [..., k, n]; their batch dims broadcast to `batch`.
     */
    static void run(Tensor a, Tensor b, int[] batch, float[] out, float beta) {
        int m = a.size(-2), k = a.size(-1), n = b.size(-1);
        a = readableA(a);
        b = readableB(b);
        Tensor ae = a.expand(Linalg.append(batch, m, k)), be = b.expand(Linalg.append(batch, k, n));
        int items = Shapes.numel(batch);
        if (items == 0 || m == 0 || n == 0) return;
        if (items == 1 || sharedAcrossBatch(be, batch.length)) {
            // One right operand for the whole batch: fold batch into rows if a's rows are one strided sequence.
            Tensor folded = items == 1 ? null : Rows.tryFold(ae);
            Tensor b0 = item(be, batch, 0);
            if (items == 1 || folded != null) {
                gemm2d(1f, items == 1 ? item(ae, batch, 0) : folded, b0, beta, out, 0, n);
                return;
            }
        }
        if (b.storage() instanceof SegmentStorage) {
            for (int t = 0; t < items; t++) gemm2d(1f, item(ae, batch, t), item(be, batch, t), beta, out, t * m * n, n);
            return;
        }
        GemmOperand ao = GemmOperand.of(ae), bo = GemmOperand.of(be);
        int[] aOffsets = new int[items], bOffsets = new int[items], cOffsets = new int[items];
        for (int t = 0; t < items; t++) {
            aOffsets[t] = item(ae, batch, t).offset();
            bOffsets[t] = item(be, batch, t).offset();
            cOffsets[t] = t * m * n;
        }
        Gemm.sgemmBatched(items, ao.transposed(), bo.transposed(), m, n, k, 1f, ae.floatArray(), aOffsets, ao.ld(),
                be.floatArray(), bOffsets, bo.ld(), beta, out, cOffsets, n);
    }

    /** c = alpha·a·b + beta·c for 2-D views a [m, k], b [k, n]; c row-major with leading dimension ldc. */
    static void gemm2d(float alpha, Tensor a, Tensor b, float beta, float[] c, int cOffset, int ldc) {
        a = readableA(a);
        b = readableB(b);
        int m = a.size(0), k = a.size(1), n = b.size(1);
        GemmOperand ao = GemmOperand.of(a), bo = GemmOperand.of(b);
        FloatFormat format = GemmOperand.segmentFormat(b);
        if (format != null) {
            Gemm.sgemm(ao.transposed(), bo.transposed(), m, n, k, alpha, a.floatArray(), a.offset(), ao.ld(),
                    ((SegmentStorage) b.storage()).segment(), format, b.offset(), bo.ld(), beta, c, cOffset, ldc);
        } else {
            Gemm.sgemm(ao.transposed(), bo.transposed(), m, n, k, alpha, a.floatArray(), a.offset(), ao.ld(),
                    b.floatArray(), b.offset(), bo.ld(), beta, c, cOffset, ldc);
        }
    }

    /** a itself if the GEMM reads it in place (heap F32, a unit stride in its matrix dims), else a contiguous F32 copy. */
    private static Tensor readableA(Tensor a) {
        return GemmOperand.isHeapF32(a) && GemmOperand.of(a) != null ? a : a.contiguous();
    }

    /** b itself if heap F32 or an F32/F16/BF16 segment with a unit stride in its matrix dims, else a contiguous F32 copy. */
    private static Tensor readableB(Tensor b) {
        boolean inPlace = GemmOperand.isHeapF32(b) || GemmOperand.segmentFormat(b) != null;
        return inPlace && GemmOperand.of(b) != null ? b : b.contiguous();
    }

    /** Whether b's batch dims (the first batchDims) all have stride 0 or size 1: the same matrix for every item. */
    private static boolean sharedAcrossBatch(Tensor b, int batchDims) {
        for (int d = 0; d < batchDims; d++) if (b.size(d) > 1 && b.stride(d) != 0) return false;
        return true;
    }

    /** The 2-D matrix of batch item t (row-major flat index over the batch shape). */
    private static Tensor item(Tensor t, int[] batch, int flat) {
        int offset = t.offset();
        for (int d = batch.length - 1; d >= 0; d--) {
            offset += (flat % batch[d]) * t.stride(d);
            flat /= batch[d];
        }
        int r = t.dim();
        return new Tensor(t.storage(), new int[]{t.size(r - 2), t.size(r - 1)}, new int[]{t.stride(r - 2), t.stride(r - 1)}, offset);
    }
}
