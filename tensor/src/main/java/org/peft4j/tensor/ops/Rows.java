package org.peft4j.tensor.ops;

import org.peft4j.tensor.Tensor;

/** Folding the leading dims of a tensor into one row dim, [d0, ..., dn-2, c] -> [d0*...*dn-2, c], as a view when possible. */
final class Rows {
    private Rows() {}

    /** A [rows, c] view sharing t's storage if its leading dims collapse into one stride, else null. */
    static Tensor tryFold(Tensor t) {
        int[] shape = t.shape(), strides = t.strides();
        int last = shape.length - 1;
        int c = last >= 0 ? shape[last] : 1;
        int colStride = last >= 0 ? strides[last] : 1;
        long rows = 1;
        int rowStride = -1; // stride of the innermost leading dim with size > 1
        long expected = -1; // the stride the next outer dim must have to continue the same row sequence
        for (int d = last - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            if (rowStride < 0) rowStride = strides[d];
            else if (strides[d] != expected) return null;
            expected = (long) strides[d] * shape[d];
            rows *= shape[d];
        }
        if (rows == 0 || c == 0) return new Tensor(t.storage(), new int[]{(int) rows, c}, new int[]{Math.max(c, 1), 1}, t.offset());
        if (rowStride < 0) rowStride = Math.max(c, 1) * Math.max(colStride, 1); // a single row: any stride reads the same elements
        return new Tensor(t.storage(), new int[]{(int) rows, c}, new int[]{rowStride, colStride}, t.offset());
    }

    /** [rows, c]: a view when possible, otherwise a contiguous F32 copy reshaped. */
    static Tensor fold(Tensor t) {
        Tensor v = tryFold(t);
        if (v != null) return v;
        int c = t.dim() == 0 ? 1 : t.size(-1);
        return t.contiguous().reshape(-1, c);
    }
}
