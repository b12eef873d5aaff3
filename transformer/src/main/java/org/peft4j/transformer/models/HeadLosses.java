package org.peft4j.transformer.models;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Tape;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * The losses transformers' heads compute, with their gradients. INTERIM: kept here until org.peft4j.autograd's
 * Losses is on main; the formulas are PyTorch's (mean reduction).
 */
public final class HeadLosses {
    private HeadLosses() {}

    public static final int IGNORE_INDEX = -100;

    /**
     * Mean cross-entropy of logits [N, C] against class ids (rows whose target is -100 are skipped, as PyTorch's
     * ignore_index). dlogits = (softmax - onehot) / counted rows.
     */
    public static Var crossEntropy(Var logits, long[] targets) {
        if (logits.dim() != 2 || logits.size(0) != targets.length)
            throw new IllegalArgumentException("crossEntropy: logits must be [N, classes] with N = " + targets.length + " targets, found " + Shapes.str(logits.shape()));
        int n = logits.size(0), c = logits.size(1);
        float[] x = logits.value().toFloatArray();
        float[] prob = new float[n * c];
        double total = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            long t = targets[i];
            if (t == IGNORE_INDEX) continue;
            if (t < 0 || t >= c) throw new IllegalArgumentException("crossEntropy: target " + t + " at row " + i + " outside [0, " + c + ")");
            int base = i * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) max = Math.max(max, x[base + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.exp(x[base + j] - max);
            double lse = max + Math.log(sum);
            total += lse - x[base + (int) t];
            for (int j = 0; j < c; j++) prob[base + j] = (float) Math.exp(x[base + j] - lse);
            counted++;
        }
        final int count = counted;
        float loss = count == 0 ? Float.NaN : (float) (total / count);
        return Tape.record("crossEntropy", Tensor.scalar(loss), g -> {
            float s = g.item() / count;
            float[] gx = new float[n * c];
            for (int i = 0; i < n; i++) {
                if (targets[i] == IGNORE_INDEX) continue;
                int base = i * c;
                for (int j = 0; j < c; j++) gx[base + j] = prob[base + j] * s;
                gx[base + (int) targets[i]] -= s;
            }
            return new Tensor[]{Tensor.of(gx, n, c)};
        }, logits);
    }

    /** Mean squared error between predictions and targets of the same number of elements. */
    public static Var mse(Var predictions, Tensor targets) {
        if (predictions.numel() != targets.numel())
            throw new IllegalArgumentException("mse: " + predictions.numel() + " predictions " + Shapes.str(predictions.shape())
                    + " vs " + targets.numel() + " targets " + Shapes.str(targets.shape()));
        Var p = F.reshape(predictions, -1);
        Var d = F.sub(p, Var.constant(targets.toF32().reshape(-1)));
        return F.mean(F.mul(d, d));
    }

    /** Mean binary cross-entropy with logits (multi-label classification), computed stably. */
    public static Var bceWithLogits(Var logits, Tensor targets) {
        if (logits.numel() != targets.numel())
            throw new IllegalArgumentException("bceWithLogits: logits " + Shapes.str(logits.shape()) + " vs targets " + Shapes.str(targets.shape()));
        float[] x = logits.value().toFloatArray(), y = targets.toFloatArray();
        int n = x.length;
        double total = 0;
        for (int i = 0; i < n; i++) total += Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
        int[] shape = logits.shape();
        return Tape.record("bceWithLogits", Tensor.scalar((float) (total / n)), g -> {
            float s = g.item() / n;
            float[] gx = new float[n];
            for (int i = 0; i < n; i++) gx[i] = (float) ((1 / (1 + Math.exp(-x[i])) - y[i]) * s);
            return new Tensor[]{Tensor.of(gx, shape)};
        }, logits);
    }

    /**
     * A sequence classifier's loss the way transformers chooses it: regression (MSE) when there is one label or
     * problem_type says so, multi-label BCE for float [B, labels] targets or that problem_type, else cross-entropy.
     */
    public static Var sequenceClassification(Var logits, Tensor labels, int numLabels, String problemType) {
        String kind = problemType;
        if (kind == null) {
            if (numLabels == 1) kind = "regression";
            else if (!labels.dtype().isFloating()) kind = "single_label_classification";
            else kind = "multi_label_classification";
        }
        return switch (kind) {
            case "regression" -> mse(numLabels == 1 ? F.reshape(logits, -1) : logits, labels);
            case "single_label_classification" -> {
                if (labels.dtype().isFloating())
                    throw new IllegalArgumentException("labels: single-label classification needs integer class ids [batch], found " + labels.dtype());
                yield crossEntropy(F.reshape(logits, -1, numLabels), labels.toLongArray());
            }
            case "multi_label_classification" -> bceWithLogits(logits, labels);
            default -> throw new IllegalArgumentException("problem_type: expected regression, single_label_classification or multi_label_classification, found '" + kind + "'");
        };
    }

    /** Causal-LM loss: logits [B, T, V] at t predict labels at t + 1 (HF shifts inside the model). */
    public static Var causalLm(Var logits, Tensor labels) {
        int b = logits.size(0), t = logits.size(1), v = logits.size(2);
        if (labels.dim() != 2 || labels.size(0) != b || labels.size(1) != t)
            throw new IllegalArgumentException("labels: expected token ids [" + b + ", " + t + "], found " + Shapes.str(labels.shape()));
        long[] lab = labels.toLongArray();
        long[] shifted = new long[b * (t - 1)];
        for (int i = 0; i < b; i++)
            for (int j = 0; j < t - 1; j++) shifted[i * (t - 1) + j] = lab[i * t + j + 1];
        Var shiftedLogits = F.reshape(F.narrow(logits, 1, 0, t - 1), b * (t - 1), v);
        return crossEntropy(shiftedLogits, shifted);
    }
}
