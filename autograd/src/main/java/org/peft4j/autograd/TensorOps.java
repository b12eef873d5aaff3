package org.peft4j.autograd;

import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Ops;

import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The elementwise part of {@link Ops} as autograd calls it. Every method delegates to Ops, with two PRIVATE
 * WORKAROUNDS for defects this module's checks found in Ops (reported to the kernels owner; delete each when fixed):
 * <ul>
 *   <li>Elementwise ops whose result is 0-dim (a loss, a sum) throw ArrayIndexOutOfBounds inside the kernels'
 *       StridedRows: 0-dim operands are lifted to [1] and the result brought back to [].</li>
 *   <li>{@code Ops.geluBackward(x, dy, false)} is wrong on its SIMD path (16+ elements; at x = 1 it returns
 *       Φ(1) = 0.841 instead of Φ(1) + φ(1) = 1.083): computed here in scalar code.</li>
 * </ul>
 */
final class TensorOps {
    private TensorOps() {}

    private static Tensor lift(UnaryOperator<Tensor> op, Tensor a) {
        return a.dim() == 0 ? op.apply(a.reshape(1)).reshape() : op.apply(a);
    }

    private static Tensor lift(BinaryOperator<Tensor> op, Tensor a, Tensor b) {
        if (a.dim() == 0 && b.dim() == 0) return op.apply(a.reshape(1), b.reshape(1)).reshape();
        return op.apply(a, b);
    }

    static Tensor add(Tensor a, Tensor b) { return lift(Ops::add, a, b); }
    static Tensor sub(Tensor a, Tensor b) { return lift(Ops::sub, a, b); }
    static Tensor mul(Tensor a, Tensor b) { return lift(Ops::mul, a, b); }
    static Tensor div(Tensor a, Tensor b) { return lift(Ops::div, a, b); }
    static Tensor gt(Tensor a, Tensor b) { return lift(Ops::gt, a, b); }
    static Tensor neg(Tensor a) { return lift(Ops::neg, a); }
    static Tensor exp(Tensor a) { return lift(Ops::exp, a); }
    static Tensor log(Tensor a) { return lift(Ops::log, a); }
    static Tensor sqrt(Tensor a) { return lift(Ops::sqrt, a); }
    static Tensor tanh(Tensor a) { return lift(Ops::tanh, a); }
    static Tensor sigmoid(Tensor a) { return lift(Ops::sigmoid, a); }
    static Tensor relu(Tensor a) { return lift(Ops::relu, a); }
    static Tensor square(Tensor a) { return lift(Ops::square, a); }
    static Tensor silu(Tensor a) { return lift(Ops::silu, a); }
    static Tensor siluBackward(Tensor x, Tensor dy) { return lift(Ops::siluBackward, x, dy); }
    static Tensor gelu(Tensor a, boolean tanhApprox) { return lift(t -> Ops.gelu(t, tanhApprox), a); }
    static Tensor pow(Tensor a, float p) { return lift(t -> Ops.pow(t, p), a); }
    static Tensor addScalar(Tensor a, float s) { return lift(t -> Ops.addScalar(t, s), a); }
    static Tensor mulScalar(Tensor a, float s) { return lift(t -> Ops.mulScalar(t, s), a); }
    static Tensor maskedFill(Tensor a, Tensor mask, float v) { return lift((t, m) -> Ops.maskedFill(t, m, v), a, mask); }

    /** Un-broadcasts a gradient; the identity when the shapes already agree. */
    static Tensor sumTo(Tensor g, int[] shape) {
        return Arrays.equals(g.shape(), shape) ? g : Ops.sumTo(g, shape);
    }

    static Tensor geluBackward(Tensor x, Tensor dy, boolean tanhApprox) {
        if (tanhApprox) return lift((a, b) -> Ops.geluBackward(a, b, true), x, dy);
        float[] xv = x.toFloatArray(), g = dy.toFloatArray();
        for (int i = 0; i < xv.length; i++) {
            double v = xv[i];
            double cdf = 0.5 * (1 + erf(v / Math.sqrt(2)));
            double pdf = Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
            g[i] = (float) (g[i] * (cdf + v * pdf));
        }
        return Tensor.of(g, x.shape());
    }

    /** erf from the Chebyshev-fitted erfc of Numerical Recipes (2nd ed. §6.2), fractional error below 1.2e-7. */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
