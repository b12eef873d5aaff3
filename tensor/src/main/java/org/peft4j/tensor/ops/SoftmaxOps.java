package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.Softmax;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

/**
 * Softmax and log-softmax along the last dim with optional masks. A floating mask is additive (0 to keep,
 * -inf or a large negative number to drop); an integer mask is a keep mask like Hugging Face's attention_mask
 * (nonzero = attend, 0 = drop). Either broadcasts to x's shape, e.g. [B, 1, 1, Tk] against scores [B, H, Tq, Tk].
 */
final class SoftmaxOps {
    private SoftmaxOps() {}

    static Tensor forward(String op, boolean log, Tensor x, Tensor mask, boolean causal) {
        long t0 = Trace.begin();
        Tensor fx = Args.f32(op, "x", x);
        Args.minRank(op, "x", fx, causal ? 2 : 1);
        int[] shape = fx.shape();
        Tensor out = Tensor.zeros(shape);
        float[] m = null;
        int mOff = 0;
        int[] mStrides = null;
        if (mask != null) {
            Tensor fm = additive(op, mask);
            if (!broadcastsTo(fm.shape(), shape))
                throw new IllegalArgumentException(op + ": mask shape " + Shapes.str(mask.shape()) + " does not broadcast to x shape " + Shapes.str(shape));
            Tensor em = fm.expand(shape);
            m = em.floatArray();
            mOff = em.offset();
            mStrides = em.strides();
        }
        if (log) Softmax.logSoftmax(shape, fx.floatArray(), fx.offset(), fx.strides(), m, mOff, mStrides, causal, out.floatArray(), 0);
        else Softmax.softmax(shape, fx.floatArray(), fx.offset(), fx.strides(), m, mOff, mStrides, causal, out.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(out, mask == null ? 5 : 6), out, x, mask);
        return out;
    }

    /** True when a tensor of shape from expands to shape to (NumPy rules, one direction only). */
    private static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) return false;
        for (int i = 0; i < from.length; i++) {
            int f = from[from.length - 1 - i], t = to[to.length - 1 - i];
            if (f != t && f != 1) return false;
        }
        return true;
    }

    /** Floating masks as they are (heap F32 view); integer keep masks become 0 / -inf. */
    private static Tensor additive(String op, Tensor mask) {
        if (mask.dtype().isFloating()) return Args.f32(op, "mask", mask);
        long[] keep = mask.toLongArray();
        float[] add = new float[keep.length];
        for (int i = 0; i < keep.length; i++) add[i] = keep[i] != 0 ? 0f : Float.NEGATIVE_INFINITY;
        return Tensor.of(add, mask.shape());
    }

    static Tensor backward(String op, boolean log, Tensor y, Tensor dy) {
        long t0 = Trace.begin();
        Tensor fy = Args.f32Contiguous(op, "y", y), fdy = Args.f32Contiguous(op, "dy", dy);
        Args.sameShape(op, "y", fy, "dy", fdy);
        Args.minRank(op, "y", fy, 1);
        int n = fy.size(-1), rows = n == 0 ? 0 : fy.numel() / n;
        Tensor dx = Tensor.zeros(fy.shape());
        if (log) Softmax.logSoftmaxBackward(rows, n, fy.floatArray(), fy.offset(), fdy.floatArray(), fdy.offset(), dx.floatArray(), 0);
        else Softmax.softmaxBackward(rows, n, fy.floatArray(), fy.offset(), fdy.floatArray(), fdy.offset(), dx.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(dx, 4), dx, y, dy);
        return dx;
    }
}
