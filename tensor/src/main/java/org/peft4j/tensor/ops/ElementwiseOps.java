package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.BinaryOp;
import org.peft4j.kernels.cpu.Elementwise;
import org.peft4j.kernels.cpu.UnaryOp;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

/** Elementwise Tensor ops with NumPy broadcasting; inputs of any view and float dtype, outputs fresh contiguous F32. */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static Tensor unary(UnaryOp op, Tensor x) {
        long t0 = Trace.begin();
        String name = op.label();
        Tensor fx = Args.f32(name, "x", x);
        Tensor out = Tensor.zeros(fx.shape());
        Elementwise.unary(op, fx.shape(), fx.floatArray(), fx.offset(), fx.strides(), out.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, name, OpCost.perElement(out, OpCost.unary(op)), out, x);
        return out;
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        long t0 = Trace.begin();
        String name = op.label();
        Tensor fa = Args.f32(name, "a", a), fb = Args.f32(name, "b", b);
        int[] shape = Shapes.broadcast(name, fa.shape(), fb.shape());
        Tensor ea = fa.expand(shape), eb = fb.expand(shape);
        Tensor out = Tensor.zeros(shape);
        Elementwise.binary(op, shape, ea.floatArray(), ea.offset(), ea.strides(), eb.floatArray(), eb.offset(), eb.strides(), out.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, name, OpCost.perElement(out, 1), out, a, b);
        return out;
    }

    static Tensor scalar(BinaryOp op, Tensor a, float s) {
        return binary(op, a, Tensor.scalar(s));
    }

    static Tensor pow(Tensor t, float p) {
        if (p == 2f) return unary(UnaryOp.SQUARE, t);
        if (p == 1f) return Args.f32("pow", "x", t).copy();
        return scalar(BinaryOp.POW, t, p);
    }

    /** cond != 0 ? a : b, all three broadcast together; cond may have any dtype. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        long t0 = Trace.begin();
        Tensor fc = Args.f32("where", "cond", cond), fa = Args.f32("where", "a", a), fb = Args.f32("where", "b", b);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", fc.shape(), fa.shape()), fb.shape());
        Tensor ec = fc.expand(shape), ea = fa.expand(shape), eb = fb.expand(shape);
        Tensor out = Tensor.zeros(shape);
        Elementwise.where(shape, ec.floatArray(), ec.offset(), ec.strides(), ea.floatArray(), ea.offset(), ea.strides(),
                eb.floatArray(), eb.offset(), eb.strides(), out.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, "where", OpCost.perElement(out, 1), out, cond, a, b);
        return out;
    }
}
