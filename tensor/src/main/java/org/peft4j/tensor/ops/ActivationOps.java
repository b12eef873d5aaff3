package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.Activations;
import org.peft4j.tensor.Tensor;

/** GELU (erf or tanh form) and SiLU with their backward passes. */
final class ActivationOps {
    private ActivationOps() {}

    static Tensor gelu(Tensor x, boolean tanhApprox) {
        Tensor fx = Args.f32Contiguous("gelu", "x", x);
        Tensor out = Tensor.zeros(fx.shape());
        if (tanhApprox) Activations.geluTanh(fx.numel(), fx.floatArray(), fx.offset(), out.floatArray(), 0);
        else Activations.gelu(fx.numel(), fx.floatArray(), fx.offset(), out.floatArray(), 0);
        return out;
    }

    static Tensor geluBackward(Tensor x, Tensor dy, boolean tanhApprox) {
        String op = "gelu_backward";
        Tensor fx = Args.f32Contiguous(op, "x", x), fdy = Args.f32Contiguous(op, "dy", dy);
        Args.sameShape(op, "x", fx, "dy", fdy);
        Tensor dx = Tensor.zeros(fx.shape());
        if (tanhApprox) Activations.geluTanhBackward(fx.numel(), fx.floatArray(), fx.offset(), fdy.floatArray(), fdy.offset(), dx.floatArray(), 0);
        else Activations.geluBackward(fx.numel(), fx.floatArray(), fx.offset(), fdy.floatArray(), fdy.offset(), dx.floatArray(), 0);
        return dx;
    }

    static Tensor silu(Tensor x) {
        Tensor fx = Args.f32Contiguous("silu", "x", x);
        Tensor out = Tensor.zeros(fx.shape());
        Activations.silu(fx.numel(), fx.floatArray(), fx.offset(), out.floatArray(), 0);
        return out;
    }

    static Tensor siluBackward(Tensor x, Tensor dy) {
        String op = "silu_backward";
        Tensor fx = Args.f32Contiguous(op, "x", x), fdy = Args.f32Contiguous(op, "dy", dy);
        Args.sameShape(op, "x", fx, "dy", fdy);
        Tensor dx = Tensor.zeros(fx.shape());
        Activations.siluBackward(fx.numel(), fx.floatArray(), fx.offset(), fdy.floatArray(), fdy.offset(), dx.floatArray(), 0);
        return dx;
    }
}
