package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.FloatFormat;
import org.peft4j.tensor.FloatStorage;
import org.peft4j.tensor.SegmentStorage;
import org.peft4j.tensor.Tensor;

/**
 * How the last two dims of a tensor view map onto a GEMM operand without copying: a row-major matrix (unit column
 * stride) is stored as itself, a column-major one (unit row stride, e.g. {@code w.transpose(0, 1)}) as its
 * transpose, with the other stride as leading dimension. Views with neither stride 1, or with overlapping rows
 * (stride 0 from expand), are not expressible and get copied by the caller.
 *
 * @param transposed the stored matrix is the transpose of the view's matrix
 * @param ld         leading dimension (row stride of the stored matrix), in elements
 */
record GemmOperand(boolean transposed, int ld) {

    /** The mapping for a view whose matrix is rows x cols with strides (rowStride, colStride); null if none. */
    static GemmOperand of(int rows, int cols, int rowStride, int colStride) {
        if (rows == 0 || cols == 0) return new GemmOperand(false, Math.max(cols, 1)); // nothing is read
        if ((cols == 1 || colStride == 1) && (rows == 1 || rowStride >= Math.max(cols, 1)))
            return new GemmOperand(false, rows == 1 ? Math.max(cols, 1) : rowStride);
        if ((rows == 1 || rowStride == 1) && (cols == 1 || colStride >= Math.max(rows, 1)))
            return new GemmOperand(true, cols == 1 ? Math.max(rows, 1) : colStride);
        return null;
    }

    /** The mapping of t's last two dims; null if not expressible. */
    static GemmOperand of(Tensor t) {
        return of(t.size(-2), t.size(-1), t.stride(-2), t.stride(-1));
    }

    static boolean isHeapF32(Tensor t) { return t.storage() instanceof FloatStorage; }

    /** The kernel's format for a segment tensor the GEMM can read in place, or null (e.g. F64). */
    static FloatFormat segmentFormat(Tensor t) {
        if (!(t.storage() instanceof SegmentStorage)) return null;
        return switch (t.dtype()) {
            case F32 -> FloatFormat.F32;
            case F16 -> FloatFormat.F16;
            case BF16 -> FloatFormat.BF16;
            default -> null;
        };
    }
}
