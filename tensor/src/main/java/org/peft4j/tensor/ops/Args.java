package org.peft4j.tensor.ops;

import org.peft4j.tensor.FloatStorage;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import java.util.Arrays;

/** Argument conversion and validation shared by the Ops families. */
final class Args {
    private Args() {}

    static Tensor nonNull(String op, String name, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": " + name + " is null");
        return t;
    }

    /** A heap F32 view of t: t itself when it already is one (any strides), else a widened contiguous copy. */
    static Tensor f32(String op, String name, Tensor t) {
        nonNull(op, name, t);
        return t.storage() instanceof FloatStorage ? t : t.toF32();
    }

    /** A contiguous heap F32 tensor with t's elements (t itself when possible). */
    static Tensor f32Contiguous(String op, String name, Tensor t) {
        nonNull(op, name, t);
        return t.toF32();
    }

    /** The elements of an integer tensor as a fresh row-major long[]; floating dtypes are refused. */
    static long[] ids(String op, String name, Tensor t) {
        nonNull(op, name, t);
        if (t.dtype().isFloating())
            throw new IllegalArgumentException(op + ": " + name + " must have an integer dtype (I64, I32, ...), got " + t.dtype()
                    + " with shape " + Shapes.str(t.shape()));
        return t.toLongArray();
    }

    static void sameShape(String op, String nameA, Tensor a, String nameB, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape()))
            throw new IllegalArgumentException(op + ": " + nameA + " shape " + Shapes.str(a.shape()) + " and " + nameB + " shape "
                    + Shapes.str(b.shape()) + " must match");
    }

    static void shape(String op, String name, Tensor t, int... expected) {
        if (!Arrays.equals(t.shape(), expected))
            throw new IllegalArgumentException(op + ": expected " + name + " of shape " + Shapes.str(expected) + ", got " + Shapes.str(t.shape()));
    }

    static void minRank(String op, String name, Tensor t, int rank) {
        if (t.dim() < rank)
            throw new IllegalArgumentException(op + ": " + name + " needs at least " + rank + " dims, got shape " + Shapes.str(t.shape()));
    }

    /** t's shape without its last dim. */
    static int[] leading(Tensor t) {
        int[] s = t.shape();
        return Arrays.copyOf(s, s.length - 1);
    }

    static int[] append(int[] shape, int last) {
        int[] s = Arrays.copyOf(shape, shape.length + 1);
        s[shape.length] = last;
        return s;
    }
}
