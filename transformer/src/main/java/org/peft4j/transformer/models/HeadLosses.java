package org.peft4j.transformer.models;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Losses;
import org.peft4j.autograd.Reduction;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/** The losses transformers' heads compute (mean reduction, ignore_index -100), over autograd's {@link Losses}. */
public final class HeadLosses {
    private HeadLosses() {}

    public static final int IGNORE_INDEX = -100;

    /** Mean cross-entropy of logits [N, C] against class ids [N] (rows labelled -100 skipped). */
    public static Var crossEntropy(Var logits, Tensor targets) {
        long[] t = targets.toLongArray();
        int c = logits.size(-1);
        for (int i = 0; i < t.length; i++)
            if (t[i] != IGNORE_INDEX && (t[i] < 0 || t[i] >= c))
                throw new IllegalArgumentException("labels: class " + t[i] + " at position " + i + " is outside [0, " + c + ") (num_labels / vocab_size)");
        return Losses.crossEntropy(logits, targets, IGNORE_INDEX, 0f, Reduction.MEAN);
    }

    /**
     * A sequence classifier's loss the way transformers chooses it: regression (MSE) when there is one label or
     * problem_type says so, multi-label BCE for float targets or that problem_type, else cross-entropy.
     */
    public static Var sequenceClassification(Var logits, Tensor labels, int numLabels, String problemType) {
        int b = logits.size(0);
        String kind = problemType;
        if (kind == null) {
            if (numLabels == 1) kind = "regression";
            else if (!labels.dtype().isFloating()) kind = "single_label_classification";
            else kind = "multi_label_classification";
        }
        return switch (kind) {
            case "regression" -> {
                if (labels.numel() != logits.numel())
                    throw new IllegalArgumentException("labels: regression targets must have " + logits.numel() + " values (logits " + Shapes.str(logits.shape()) + "), found " + Shapes.str(labels.shape()));
                yield Losses.mse(F.reshape(logits, -1), Var.constant(labels.toF32().reshape(-1)));
            }
            case "single_label_classification" -> {
                if (labels.dtype().isFloating() || labels.numel() != b)
                    throw new IllegalArgumentException("labels: single-label classification needs " + b + " integer class ids, found " + labels.dtype() + " " + Shapes.str(labels.shape()));
                yield crossEntropy(logits, labels.reshape(b));
            }
            case "multi_label_classification" -> {
                if (labels.numel() != logits.numel())
                    throw new IllegalArgumentException("labels: multi-label targets must be [" + b + ", " + numLabels + "], found " + Shapes.str(labels.shape()));
                yield Losses.bceWithLogits(logits, labels.toF32().reshape(logits.shape()));
            }
            default -> throw new IllegalArgumentException("problem_type: expected regression, single_label_classification or multi_label_classification, found '" + kind + "'");
        };
    }

    /** Causal-LM loss: logits [B, T, V] at t predict labels at t + 1 (transformers shifts inside the model). */
    public static Var causalLm(Var logits, Tensor labels) {
        int b = logits.size(0), t = logits.size(1), v = logits.size(2);
        if (labels.dim() != 2 || labels.size(0) != b || labels.size(1) != t || labels.dtype().isFloating())
            throw new IllegalArgumentException("labels: expected token ids [" + b + ", " + t + "], found " + labels.dtype() + " " + Shapes.str(labels.shape()));
        Tensor shifted = labels.narrow(1, 1, t - 1).contiguous().reshape(b * (t - 1));
        return crossEntropy(F.reshape(F.narrow(logits, 1, 0, t - 1), b * (t - 1), v), shifted);
    }
}
