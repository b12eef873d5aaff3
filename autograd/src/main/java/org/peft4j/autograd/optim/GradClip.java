package org.peft4j.autograd.optim;

import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;

/** Gradient clipping by global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales every gradient by min(1, maxNorm / (totalNorm + 1e-6)) where totalNorm is the L2 norm of all gradients
     * together (accumulated in double). Vars without a gradient are skipped. Returns totalNorm before clipping.
     *
     * @throws ArithmeticException if the norm is NaN or infinite (clipping would silently zero or poison the update)
     */
    public static double clipGradNorm(Iterable<? extends Var> params, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be > 0, got " + maxNorm);
        double sq = 0;
        for (Var p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            float[] d = g.floatArray();
            for (int i = g.offset(), end = g.offset() + g.numel(); i < end; i++) sq += (double) d[i] * d[i];
        }
        double total = Math.sqrt(sq);
        if (!Double.isFinite(total))
            throw new ArithmeticException("clipGradNorm: the total gradient norm is " + total + "; a gradient holds NaN or infinity");
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (Var p : params) {
                Tensor g = p.grad();
                if (g == null) continue;
                float[] d = g.floatArray();
                for (int i = g.offset(), end = g.offset() + g.numel(); i < end; i++) d[i] *= c;
            }
        }
        return total;
    }
}
