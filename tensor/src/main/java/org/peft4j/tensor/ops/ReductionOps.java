package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.Reductions;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

/** Reductions along a dim, over everything, and back to a broadcast source shape. */
final class ReductionOps {
    private ReductionOps() {}

    static Tensor sum(Tensor t, int dim, boolean keepDim) { return alongDim("sum", t, dim, keepDim); }

    static Tensor max(Tensor t, int dim, boolean keepDim) { return alongDim("max", t, dim, keepDim); }

    static Tensor mean(Tensor t, int dim, boolean keepDim) { return alongDim("mean", t, dim, keepDim); }

    private static Tensor alongDim(String op, Tensor t, int dim, boolean keepDim) {
        long t0 = Trace.begin();
        Tensor x = Args.f32(op, "x", t);
        int[] shape = x.shape();
        int d = Shapes.dim(dim, shape.length, op);
        int[] kept = shape.clone();
        kept[d] = 1;
        int[] outStrides = Shapes.contiguousStrides(kept);
        outStrides[d] = 0;
        Tensor out = Tensor.zeros(kept);
        switch (op) {
            case "max" -> Reductions.max(shape, x.floatArray(), x.offset(), x.strides(), out.floatArray(), 0, outStrides);
            case "mean" -> Reductions.mean(shape, x.floatArray(), x.offset(), x.strides(), out.floatArray(), 0, outStrides);
            default -> Reductions.sum(shape, x.floatArray(), x.offset(), x.strides(), out.floatArray(), 0, outStrides);
        }
        Tensor result = keepDim ? out : out.reshape(without(shape, d));
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(x, 1), result, t);
        return result;
    }

    static Tensor sumAll(Tensor t) {
        long t0 = Trace.begin();
        Tensor x = Args.f32("sum_all", "x", t);
        Tensor out = Tensor.zeros(new int[0]);
        Reductions.sum(x.shape(), x.floatArray(), x.offset(), x.strides(), out.floatArray(), 0, new int[x.dim()]);
        if (t0 != Trace.OFF) Trace.record(t0, "sum_all", OpCost.perElement(x, 1), out, t);
        return out;
    }

    /** Sums t down to shape, the inverse of broadcasting shape up to t's shape (for gradients of broadcast ops). */
    static Tensor sumTo(Tensor t, int[] shape) {
        long t0 = Trace.begin();
        Tensor x = Args.f32("sum_to", "x", t);
        int[] src = x.shape();
        int lead = src.length - shape.length;
        if (lead < 0)
            throw new IllegalArgumentException("sum_to: target shape " + Shapes.str(shape) + " has more dims than source " + Shapes.str(src));
        int[] target = Shapes.contiguousStrides(shape);
        int[] outStrides = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            if (i < lead) continue;
            int want = shape[i - lead];
            if (want == src[i]) outStrides[i] = target[i - lead];
            else if (want != 1)
                throw new IllegalArgumentException("sum_to: source shape " + Shapes.str(src) + " does not broadcast from target "
                        + Shapes.str(shape) + " (dim " + i + ": " + src[i] + " vs " + want + ")");
        }
        Tensor out = Tensor.zeros(shape);
        Reductions.sum(src, x.floatArray(), x.offset(), x.strides(), out.floatArray(), 0, outStrides);
        if (t0 != Trace.OFF) Trace.record(t0, "sum_to", OpCost.perElement(x, 1), out, t);
        return out;
    }

    static Tensor argmax(Tensor t, int dim, boolean keepDim) {
        long t0 = Trace.begin();
        Tensor x = Args.f32("argmax", "x", t);
        int[] shape = x.shape();
        int d = Shapes.dim(dim, shape.length, "argmax");
        if (shape[d] == 0) throw new IllegalArgumentException("argmax: dim " + d + " of shape " + Shapes.str(shape) + " is empty");
        int[] kept = without(shape, d);
        Tensor out = Tensor.zeros(DType.I64, kept);
        Reductions.argmax(shape, d, x.floatArray(), x.offset(), x.strides(), out.longArray(), 0);
        Tensor result = out;
        if (keepDim) {
            int[] k = shape.clone();
            k[d] = 1;
            result = out.reshape(k);
        }
        if (t0 != Trace.OFF) Trace.record(t0, "argmax", OpCost.perElement(x, 1), result, t);
        return result;
    }

    static int[] without(int[] shape, int d) {
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != d) s[j++] = shape[i];
        return s;
    }
}
