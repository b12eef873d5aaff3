package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.Activations;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

/** GELU (erf or tanh form) and SiLU with their backward passes. */
final class ActivationOps {
    private ActivationOps() {}

    static Tensor gelu(Tensor x, boolean tanhApprox) {
        long t0 = Trace.begin();
        Tensor fx = Args.f32Contiguous("gelu", "x", x);
        Tensor out = Tensor.zeros(fx.shape());
        if (tanhApprox) Activations.geluTanh(fx.numel(), fx.floatArray(), fx.offset(), out.floatArray(), 0);
        else Activations.gelu(fx.numel(), fx.floatArray(), fx.offset(), out.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, tanhApprox ? "gelu_tanh" : "gelu", OpCost.perElement(out, tanhApprox ? 9 : 5), out, x);
        return out;
    }

    static Tensor geluBackward(Tensor x, Tensor dy, boolean tanhApprox) {
        long t0 = Trace.begin();
        String op = "gelu_backward";
        Tensor fx = Args.f32Contiguous(op, "x", x), fdy = Args.f32Contiguous(op, "dy", dy);
        Args.sameShape(op, "x", fx, "dy", fdy);
        Tensor dx = Tensor.zeros(fx.shape());
        if (tanhApprox) Activations.geluTanhBackward(fx.numel(), fx.floatArray(), fx.offset(), fdy.floatArray(), fdy.offset(), dx.floatArray(), 0);
        else Activations.geluBackward(fx.numel(), fx.floatArray(), fx.offset(), fdy.floatArray(), fdy.offset(), dx.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, tanhApprox ? "gelu_tanh_backward" : op, OpCost.perElement(dx, tanhApprox ? 14 : 10), dx, x, dy);
        return dx;
    }

    static Tensor silu(Tensor x) {
        long t0 = Trace.begin();
        Tensor fx = Args.f32Contiguous("silu", "x", x);
        Tensor out = Tensor.zeros(fx.shape());
        Activations.silu(fx.numel(), fx.floatArray(), fx.offset(), out.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, "silu", OpCost.perElement(out, 4), out, x);
        return out;
    }

    static Tensor siluBackward(Tensor x, Tensor dy) {
        long t0 = Trace.begin();
        String op = "silu_backward";
        Tensor fx = Args.f32Contiguous(op, "x", x), fdy = Args.f32Contiguous(op, "dy", dy);
        Args.sameShape(op, "x", fx, "dy", fdy);
        Tensor dx = Tensor.zeros(fx.shape());
        Activations.siluBackward(fx.numel(), fx.floatArray(), fx.offset(), fdy.floatArray(), fdy.offset(), dx.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(dx, 8), dx, x, dy);
        return dx;
    }
}
