package org.peft4j.autograd;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Storage;
import org.peft4j.tensor.Tensor;

import java.util.Arrays;

/**
 * Element moves between views of equal shape, walking both with an odometer (no div/mod per element) and using
 * System.arraycopy / a plain loop when the innermost dim is unit-stride on heap F32 storage. The backward of
 * narrow/select writes gradients into windows of zero tensors through this, and leaves accumulate strided
 * (e.g. expanded) gradients with it.
 */
final class StridedCopy {
    private StridedCopy() {}

    /** dst = src (dst writable heap F32). */
    static void copy(Tensor src, Tensor dst) { walk(src, dst, false); }

    /** dst += src (dst writable heap F32). */
    static void add(Tensor src, Tensor dst) { walk(src, dst, true); }

    private static void walk(Tensor src, Tensor dst, boolean accumulate) {
        int[] shape = dst.shape();
        if (!Arrays.equals(src.shape(), shape))
            throw new IllegalArgumentException("strided copy: source shape " + Shapes.str(src.shape()) + " vs destination " + Shapes.str(shape));
        int n = dst.numel();
        if (n == 0) return;
        float[] d = dst.floatArray();
        Storage ss = src.storage();
        float[] s = ss instanceof org.peft4j.tensor.FloatStorage fs ? fs.array() : null;
        int rank = shape.length;
        int inner = rank == 0 ? 1 : shape[rank - 1];
        int sIn = rank == 0 ? 0 : src.stride(rank - 1), dIn = rank == 0 ? 0 : dst.stride(rank - 1);
        int outer = n / inner;
        int[] sst = src.strides(), dst_ = dst.strides(), idx = new int[Math.max(rank - 1, 0)];
        long ps = src.offset();
        int pd = dst.offset();
        for (int r = 0; r < outer; r++) {
            if (s != null && sIn == 1 && dIn == 1 && !accumulate) {
                System.arraycopy(s, (int) ps, d, pd, inner);
            } else if (s != null) {
                for (int j = 0; j < inner; j++) {
                    float v = s[(int) (ps + (long) j * sIn)];
                    int at = pd + j * dIn;
                    d[at] = accumulate ? d[at] + v : v;
                }
            } else {
                for (int j = 0; j < inner; j++) {
                    float v = ss.getFloat(ps + (long) j * sIn);
                    int at = pd + j * dIn;
                    d[at] = accumulate ? d[at] + v : v;
                }
            }
            for (int k = rank - 2; k >= 0; k--) {
                ps += sst[k];
                pd += dst_[k];
                if (++idx[k] < shape[k]) break;
                ps -= (long) sst[k] * shape[k];
                pd -= dst_[k] * shape[k];
                idx[k] = 0;
            }
        }
    }
}
