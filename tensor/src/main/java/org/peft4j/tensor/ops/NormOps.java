package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.Norms;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

/** LayerNorm and RMSNorm over the last dim; gamma and beta are [h] (or null for 1 and 0). */
final class NormOps {
    private NormOps() {}

    private static Tensor param(String op, String name, Tensor p, int h) {
        if (p == null) return null;
        Tensor f = Args.f32Contiguous(op, name, p);
        Args.shape(op, name, f, h);
        return f;
    }

    private static float[] data(Tensor t) { return t == null ? null : t.floatArray(); }

    private static int off(Tensor t) { return t == null ? 0 : t.offset(); }

    static LayerNormResult layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        long t0 = Trace.begin();
        String op = "layer_norm";
        Tensor fx = Args.f32Contiguous(op, "x", x);
        Args.minRank(op, "x", fx, 1);
        int h = fx.size(-1), rows = h == 0 ? 0 : fx.numel() / h;
        Tensor g = param(op, "gamma", gamma, h), b = param(op, "beta", beta, h);
        Tensor out = Tensor.zeros(fx.shape()), mean = Tensor.zeros(Args.leading(fx)), rstd = Tensor.zeros(Args.leading(fx));
        Norms.layerNorm(rows, h, fx.floatArray(), fx.offset(), data(g), off(g), data(b), off(b), eps,
                out.floatArray(), 0, mean.floatArray(), 0, rstd.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(out, 8), new Tensor[]{out, mean, rstd}, x, gamma, beta);
        return new LayerNormResult(out, mean, rstd);
    }

    static LayerNormGrads layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd) {
        long t0 = Trace.begin();
        String op = "layer_norm_backward";
        Tensor fx = Args.f32Contiguous(op, "x", x), fdy = Args.f32Contiguous(op, "dy", dy);
        Args.minRank(op, "x", fx, 1);
        Args.sameShape(op, "dy", fdy, "x", fx);
        int h = fx.size(-1), rows = h == 0 ? 0 : fx.numel() / h;
        Tensor g = param(op, "gamma", gamma, h);
        Tensor fm = Args.f32Contiguous(op, "mean", mean), fr = Args.f32Contiguous(op, "rstd", rstd);
        Args.shape(op, "mean", fm, Args.leading(fx));
        Args.shape(op, "rstd", fr, Args.leading(fx));
        Tensor dx = Tensor.zeros(fx.shape()), dgamma = Tensor.zeros(h), dbeta = Tensor.zeros(h);
        Norms.layerNormBackward(rows, h, fdy.floatArray(), fdy.offset(), fx.floatArray(), fx.offset(), data(g), off(g),
                fm.floatArray(), fm.offset(), fr.floatArray(), fr.offset(), dx.floatArray(), 0, dgamma.floatArray(), 0, dbeta.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(dx, 13), new Tensor[]{dx, dgamma, dbeta}, dy, x, gamma, mean, rstd);
        return new LayerNormGrads(dx, dgamma, dbeta);
    }

    static RmsNormResult rmsNorm(Tensor x, Tensor gamma, float eps) {
        long t0 = Trace.begin();
        String op = "rms_norm";
        Tensor fx = Args.f32Contiguous(op, "x", x);
        Args.minRank(op, "x", fx, 1);
        int h = fx.size(-1), rows = h == 0 ? 0 : fx.numel() / h;
        Tensor g = param(op, "gamma", gamma, h);
        Tensor out = Tensor.zeros(fx.shape()), rstd = Tensor.zeros(Args.leading(fx));
        Norms.rmsNorm(rows, h, fx.floatArray(), fx.offset(), data(g), off(g), eps, out.floatArray(), 0, rstd.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(out, 4), new Tensor[]{out, rstd}, x, gamma);
        return new RmsNormResult(out, rstd);
    }

    static RmsNormGrads rmsNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor rstd) {
        long t0 = Trace.begin();
        String op = "rms_norm_backward";
        Tensor fx = Args.f32Contiguous(op, "x", x), fdy = Args.f32Contiguous(op, "dy", dy);
        Args.minRank(op, "x", fx, 1);
        Args.sameShape(op, "dy", fdy, "x", fx);
        int h = fx.size(-1), rows = h == 0 ? 0 : fx.numel() / h;
        Tensor g = param(op, "gamma", gamma, h);
        Tensor fr = Args.f32Contiguous(op, "rstd", rstd);
        Args.shape(op, "rstd", fr, Args.leading(fx));
        Tensor dx = Tensor.zeros(fx.shape()), dgamma = Tensor.zeros(h);
        Norms.rmsNormBackward(rows, h, fdy.floatArray(), fdy.offset(), fx.floatArray(), fx.offset(), data(g), off(g),
                fr.floatArray(), fr.offset(), dx.floatArray(), 0, dgamma.floatArray(), 0);
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(dx, 8), new Tensor[]{dx, dgamma}, dy, x, gamma, rstd);
        return new RmsNormGrads(dx, dgamma);
    }
}
