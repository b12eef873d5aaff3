package org.peft4j.autograd;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import org.peft4j.tensor.ops.CrossEntropyResult;
import org.peft4j.tensor.ops.Ops;

import java.util.Arrays;

/**
 * Loss functions with PyTorch's definitions (torch.nn.functional.cross_entropy, mse_loss,
 * binary_cross_entropy_with_logits), each a single recorded op whose backward is written next to it.
 */
public final class Losses {
    private Losses() {}

    /** Mean cross-entropy, no ignored class, no smoothing. */
    public static Var crossEntropy(Var logits, Tensor targets) {
        return crossEntropy(logits, targets, -100, 0f, Reduction.MEAN);
    }

    /**
     * Cross-entropy of logits [..., C] against integer class targets [...]. Targets equal to ignoreIndex
     * contribute nothing (and, for MEAN, are not counted). With label smoothing ε the target distribution is
     * (1-ε)·onehot + ε/C, so per row: loss = -(1-ε)·logp[t] - (ε/C)·Σ_c logp[c].
     * <p>
     * Backward: d loss_i / d logits_i = softmax_i - (1-ε)·onehot(t_i) - ε/C, times the upstream gradient and
     * 1/(valid rows) for MEAN; zero for ignored rows. One deliberate difference from PyTorch: MEAN over a batch
     * whose rows are all ignored is 0 with a zero gradient (PyTorch returns NaN, 0/0, which would poison training).
     */
    public static Var crossEntropy(Var logits, Tensor targets, long ignoreIndex, float labelSmoothing, Reduction reduction) {
        if (logits.dim() < 1) throw new IllegalArgumentException("crossEntropy: logits must be [..., classes], got a scalar");
        int[] ls = logits.shape();
        int c = ls[ls.length - 1];
        int[] rowShape = Arrays.copyOf(ls, ls.length - 1);
        if (!Arrays.equals(targets.shape(), rowShape))
            throw new IllegalArgumentException("crossEntropy: targets have shape " + Shapes.str(targets.shape()) + ", expected " + Shapes.str(rowShape)
                    + " for logits " + Shapes.str(ls));
        if (targets.dtype().isFloating()) throw new IllegalArgumentException("crossEntropy: targets must be integer class ids, got " + targets.dtype());
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + labelSmoothing);
        long[] t = targets.toLongArray();
        for (int i = 0; i < t.length; i++)
            if (t[i] != ignoreIndex && (t[i] < 0 || t[i] >= c))
                throw new IndexOutOfBoundsException("crossEntropy: target " + t[i] + " at flat position " + i + " is not a class in [0, " + c + ") nor ignoreIndex " + ignoreIndex);
        if (reduction != Reduction.NONE) {
            // the fused kernel: loss and d loss / d logits in one pass over the (possibly vocabulary-sized) rows
            CrossEntropyResult r = Ops.crossEntropy(logits.value(), targets, ignoreIndex, labelSmoothing, reduction == Reduction.MEAN);
            return Tape.record("crossEntropy", r.loss(), g -> new Tensor[]{Ops.mulScalar(r.dlogits(), g.item())}, logits);
        }
        return crossEntropyPerRow(logits, t, ignoreIndex, labelSmoothing, rowShape);
    }

    /** Reduction NONE: one loss per row, written out (the fused kernel only reduces). */
    private static Var crossEntropyPerRow(Var logits, long[] t, long ignoreIndex, double eps, int[] rowShape) {
        int[] ls = logits.shape();
        int c = ls[ls.length - 1], rows = t.length;
        float[] logp = Ops.logSoftmax(logits.value()).toFloatArray();
        float[] perRow = new float[rows];
        for (int i = 0; i < rows; i++) {
            if (t[i] == ignoreIndex) continue;
            double sumLogp = 0;
            for (int j = 0; j < c; j++) sumLogp += logp[i * c + j];
            perRow[i] = (float) (-(1 - eps) * logp[i * c + (int) t[i]] - eps / c * sumLogp);
        }
        return Tape.record("crossEntropy", Tensor.of(perRow, rowShape), g -> {
            float[] gRow = g.toFloatArray();
            float[] gx = new float[rows * c];
            for (int i = 0; i < rows; i++) {
                if (t[i] == ignoreIndex) continue;
                for (int j = 0; j < c; j++) {
                    double target = (j == t[i] ? 1 - eps : 0) + eps / c;
                    gx[i * c + j] = (float) (gRow[i] * (Math.exp(logp[i * c + j]) - target));
                }
            }
            return new Tensor[]{Tensor.of(gx, ls)};
        }, logits);
    }

    /** Mean squared error, composed from differentiable ops (so both sides may require grad). */
    public static Var mse(Var input, Var target, Reduction reduction) {
        if (!Arrays.equals(input.shape(), target.shape()))
            throw new IllegalArgumentException("mse: input " + Shapes.str(input.shape()) + " and target " + Shapes.str(target.shape()) + " differ in shape");
        Var d = F.sub(input, target);
        Var sq = F.mul(d, d);
        return switch (reduction) {
            case MEAN -> F.mean(sq);
            case SUM -> F.sum(sq);
            case NONE -> sq;
        };
    }

    public static Var mse(Var input, Var target) { return mse(input, target, Reduction.MEAN); }

    /** Binary cross-entropy on logits, mean over elements. */
    public static Var bceWithLogits(Var logits, Tensor targets) { return bceWithLogits(logits, targets, null, Reduction.MEAN); }

    /**
     * Binary cross-entropy on logits x with targets y in [0, 1] (same shape), optional posWeight p broadcast
     * along the last dim: loss = (1-y)·x + (1 + (p-1)·y)·softplus(-x), computed stably as
     * softplus(-x) = log(1 + e^-|x|) + max(-x, 0). Backward: d loss / dx = (1-y) - (1 + (p-1)·y)·σ(-x)
     * (= σ(x) - y without posWeight).
     */
    public static Var bceWithLogits(Var logits, Tensor targets, Tensor posWeight, Reduction reduction) {
        if (!Arrays.equals(logits.shape(), targets.shape()))
            throw new IllegalArgumentException("bceWithLogits: logits " + Shapes.str(logits.shape()) + " and targets " + Shapes.str(targets.shape()) + " differ in shape");
        Tensor lw = posWeight == null ? null
                : Ops.addScalar(Ops.mul(Ops.addScalar(posWeight, -1f), targets), 1f); // 1 + (p-1)·y
        if (lw != null && !Arrays.equals(lw.shape(), logits.shape()))
            throw new IllegalArgumentException("bceWithLogits: posWeight " + Shapes.str(posWeight.shape()) + " must broadcast to " + Shapes.str(logits.shape()));
        float[] x = logits.value().toFloatArray(), y = targets.toFloatArray();
        float[] w = lw == null ? null : lw.toFloatArray();
        int n = x.length;
        float[] per = new float[n];
        for (int i = 0; i < n; i++) {
            double softplusNeg = Math.log1p(Math.exp(-Math.abs(x[i]))) + Math.max(-x[i], 0);
            per[i] = (float) ((1 - y[i]) * x[i] + (w == null ? 1 : w[i]) * softplusNeg);
        }
        Tensor out = reduce(per, logits.shape(), reduction, n);
        return Tape.record("bceWithLogits", out, g -> {
            float[] gi = upstreamPerRow(g, n, reduction, n);
            float[] gx = new float[n];
            for (int i = 0; i < n; i++) {
                double sigNeg = 1 / (1 + Math.exp(x[i])); // σ(-x)
                gx[i] = (float) (gi[i] * ((1 - y[i]) - (w == null ? 1 : w[i]) * sigNeg));
            }
            return new Tensor[]{Tensor.of(gx, logits.shape())};
        }, logits);
    }

    /** Reduces per-element losses: mean divides by count (the valid elements). */
    private static Tensor reduce(float[] per, int[] shape, Reduction reduction, int count) {
        return switch (reduction) {
            case NONE -> Tensor.of(per, shape);
            case SUM, MEAN -> {
                double s = 0;
                for (float v : per) s += v;
                yield Tensor.scalar((float) (reduction == Reduction.MEAN ? s / count : s));
            }
        };
    }

    /** The upstream gradient for each element, including MEAN's 1/count. */
    private static float[] upstreamPerRow(Tensor g, int rows, Reduction reduction, int count) {
        float[] out = new float[rows];
        if (reduction == Reduction.NONE) return g.toFloatArray();
        float v = g.item() * (reduction == Reduction.MEAN ? 1f / count : 1f);
        Arrays.fill(out, v);
        return out;
    }
}
