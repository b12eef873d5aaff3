package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.Rotary;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

/** Rotary position embedding of x [B, H, T, D] at integer positions [B, T], [1, T] or [T]. */
final class RopeOps {
    private RopeOps() {}

    static Tensor rope(Tensor x, Tensor positions, float theta, boolean inverse) {
        long t0 = Trace.begin();
        String op = "rope";
        Tensor fx = Args.f32(op, "x", x);
        if (fx.dim() != 4) throw new IllegalArgumentException(op + ": expected x of shape [B, H, T, D], got " + Shapes.str(fx.shape()));
        if (fx.stride(3) != 1) fx = fx.contiguous();
        int b = fx.size(0), h = fx.size(1), t = fx.size(2), d = fx.size(3);
        long[] pos = Args.ids(op, "positions", positions);
        int[] ps = positions.shape();
        int batchStride;
        if (ps.length == 1 && ps[0] == t) batchStride = 0;
        else if (ps.length == 2 && ps[1] == t && ps[0] == b) batchStride = b == 1 ? 0 : t;
        else if (ps.length == 2 && ps[1] == t && ps[0] == 1) batchStride = 0;
        else throw new IllegalArgumentException(op + ": expected positions of shape [" + b + ", " + t + "] or [" + t
                    + "] for x of shape " + Shapes.str(fx.shape()) + ", got " + Shapes.str(ps));
        Tensor out = Tensor.zeros(b, h, t, d);
        Rotary.rope(b, h, t, d, fx.floatArray(), fx.offset(), fx.strides(), pos, 0, batchStride, theta, inverse, out.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, inverse ? "rope_inverse" : op, OpCost.perElement(out, 3), out, x, positions);
        return out;
    }
}
