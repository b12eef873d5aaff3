package org.peft4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Operations that build new tensors from several: concat, split, index_select. */
public final class Tensors {
    private Tensors() {}

    /** Concatenates along dim; all other dims must agree. Result is contiguous heap (F32 or I64). */
    public static Tensor concat(int dim, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: no tensors");
        int rank = parts[0].dim();
        int d = Shapes.dim(dim, rank, "concat");
        int[] out = parts[0].shape();
        int total = 0;
        for (Tensor p : parts) {
            int[] s = p.shape();
            if (s.length != rank) throw new IllegalArgumentException("concat: rank " + s.length + " vs " + rank + " (shapes " + Shapes.str(s) + ", " + Shapes.str(out) + ")");
            for (int i = 0; i < rank; i++)
                if (i != d && s[i] != out[i]) throw new IllegalArgumentException("concat along dim " + d + ": shapes " + Shapes.str(out) + " and " + Shapes.str(s) + " differ in dim " + i);
            total += s[d];
        }
        out[d] = total;
        boolean floating = parts[0].dtype().isFloating();
        Tensor result = floating ? Tensor.zeros(out) : Tensor.zeros(DType.I64, out);
        int at = 0;
        for (Tensor p : parts) {
            copyInto(p, result.narrow(d, at, p.size(d)));
            at += p.size(d);
        }
        return result;
    }

    /** Splits along dim into pieces of the given size (the last may be smaller); views, no copy. */
    public static List<Tensor> split(Tensor t, int size, int dim) {
        int d = Shapes.dim(dim, t.dim(), "split");
        if (size <= 0) throw new IllegalArgumentException("split: size must be positive, got " + size);
        List<Tensor> out = new ArrayList<>();
        for (int at = 0; at < t.size(d); at += size) out.add(t.narrow(d, at, Math.min(size, t.size(d) - at)));
        return out;
    }

    /** Rows of t along dim picked by integer indices (a contiguous copy). */
    public static Tensor indexSelect(Tensor t, int dim, Tensor index) {
        int d = Shapes.dim(dim, t.dim(), "index_select");
        if (index.dim() != 1) throw new IllegalArgumentException("index_select: index must be 1-D, got shape " + Shapes.str(index.shape()));
        long[] idx = index.toLongArray();
        int[] out = t.shape();
        out[d] = idx.length;
        Tensor result = t.dtype().isFloating() ? Tensor.zeros(out) : Tensor.zeros(DType.I64, out);
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= t.size(d))
                throw new IndexOutOfBoundsException("index_select: index " + idx[i] + " at position " + i + " out of range for dim " + d + " of size " + t.size(d));
            copyInto(t.narrow(d, (int) idx[i], 1), result.narrow(d, i, 1));
        }
        return result;
    }

    /** Copies src's elements into dst (same shape; dst writable). */
    public static void copyInto(Tensor src, Tensor dst) {
        if (!Arrays.equals(src.shape(), dst.shape()))
            throw new IllegalArgumentException("copy: source shape " + Shapes.str(src.shape()) + " vs destination " + Shapes.str(dst.shape()));
        int n = src.numel();
        Storage ss = src.storage(), ds = dst.storage();
        if (ds.dtype().isFloating()) for (int i = 0; i < n; i++) ds.setFloat(dst.elementIndex(i), ss.getFloat(src.elementIndex(i)));
        else for (int i = 0; i < n; i++) ds.setLong(dst.elementIndex(i), ss.getLong(src.elementIndex(i)));
    }
}
