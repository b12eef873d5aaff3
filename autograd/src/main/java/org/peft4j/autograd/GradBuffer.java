package org.peft4j.autograd;

import org.peft4j.tensor.Tensor;

/**
 * Gradient storage helpers for the engine. Gradients handed between ops are treated as immutable (an op may return
 * its incoming gradient unchanged, e.g. add), so the first gradient reaching a leaf is copied into a buffer the
 * leaf owns; later ones are added into it in place.
 */
final class GradBuffer {
    private GradBuffer() {}

    /** A fresh contiguous F32 copy starting at offset 0, so {@code floatArray()} indexes it directly. */
    static Tensor owned(Tensor g) {
        Tensor out = Tensor.zeros(g.shape());
        StridedCopy.copy(g, out);
        return out;
    }

    /** dst += src elementwise; dst is an owned buffer from {@link #owned}, src any layout of the same shape. */
    static void addInto(Tensor dst, Tensor src) {
        StridedCopy.add(src, dst);
    }

    /** a + b as a fresh tensor (for intermediate Vars reached by several paths). */
    static Tensor sum(Tensor a, Tensor b) {
        Tensor out = owned(a);
        addInto(out, b);
        return out;
    }

    static void applyMask(Tensor grad, boolean[] keep) {
        float[] d = grad.floatArray();
        for (int i = 0; i < keep.length; i++) if (!keep[i]) d[i] = 0f;
    }

    /** Index of the first NaN or infinite element, or -1. */
    static int firstNonFinite(Tensor t) {
        int n = t.numel();
        for (int i = 0; i < n; i++) if (!Float.isFinite(t.storage().getFloat(t.elementIndex(i)))) return i;
        return -1;
    }
}
