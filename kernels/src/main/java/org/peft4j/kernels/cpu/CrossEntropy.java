package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Cross-entropy of [rows, classes] logits against integer targets, as torch.nn.functional.cross_entropy:
 * rows whose target equals ignoreIndex contribute nothing; with label smoothing e the target distribution is
 * (1 - e) one_hot + e / classes, so loss_i = (1 - e) (lse_i - x_i,t) + e (lse_i - mean_c x_i,c). Mean reduction
 * divides by the number of non-ignored rows; when every row is ignored the loss and gradient are 0 (PyTorch
 * gives NaN, which would poison a training run). The gradient w.r.t. the logits is softmax - target
 * distribution, scaled like the loss; it is written when dlogits is non-null.
 */
public final class CrossEntropy {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CrossEntropy() {}

    /** Checks arguments and returns the number of rows that count (targets not equal to ignoreIndex). */
    static int check(int rows, int classes, float[] logits, int lOff, long[] targets, int tOff, long ignoreIndex, float labelSmoothing,
                     float[] dlogits, int dOff) {
        String op = "cross_entropy";
        Strided.checkNonNegative(op, "rows", rows);
        Strided.checkPositive(op, "classes", classes);
        int n = Strided.product(op, rows, classes);
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
            throw new IllegalArgumentException(op + ": label smoothing must be in [0, 1], got " + labelSmoothing);
        Strided.checkRange(op, "logits", logits.length, lOff, n);
        Strided.checkRange(op, "targets", targets.length, tOff, rows);
        if (dlogits != null) Strided.checkRange(op, "dlogits", dlogits.length, dOff, n);
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            long t = targets[tOff + r];
            if (t == ignoreIndex) continue;
            if (t < 0 || t >= classes)
                throw new IllegalArgumentException(op + ": target " + t + " at row " + r + " is outside [0, " + classes
                        + ") and is not the ignore index " + ignoreIndex);
            counted++;
        }
        return counted;
    }

    public static float crossEntropy(int rows, int classes, float[] logits, int lOff, long[] targets, int tOff, long ignoreIndex,
                                     float labelSmoothing, boolean mean, float[] dlogits, int dOff) {
        int counted = check(rows, classes, logits, lOff, targets, tOff, ignoreIndex, labelSmoothing, dlogits, dOff);
        float scale = mean ? (counted == 0 ? 0f : 1f / counted) : 1f;
        float eps = labelSmoothing, offTarget = eps / classes;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int lo = lOff + r * classes;
            long t = targets[tOff + r];
            if (t == ignoreIndex) {
                if (dlogits != null) java.util.Arrays.fill(dlogits, dOff + r * classes, dOff + (r + 1) * classes, 0f);
                continue;
            }
            float max = Reductions.rowMax(logits, lo, classes);
            float logSum = Softmax.logSumShifted(logits, lo, classes, max);
            double lse = (double) max + logSum;
            double nll = ((double) max - logits[lo + (int) t]) + logSum;
            double loss = (1 - eps) * nll;
            if (eps != 0) loss += eps * (lse - (double) Reductions.rowSum(logits, lo, classes) / classes);
            total += loss;
            if (dlogits != null) {
                int o = dOff + r * classes;
                FloatVector vmax = FloatVector.broadcast(S, max), vls = FloatVector.broadcast(S, logSum);
                int j = 0;
                for (int u = S.loopBound(classes); j < u; j += L)
                    VectorMath.exp(FloatVector.fromArray(S, logits, lo + j).sub(vmax).sub(vls)).sub(offTarget).mul(scale).intoArray(dlogits, o + j);
                for (; j < classes; j++) dlogits[o + j] = ((float) Math.exp((logits[lo + j] - max) - logSum) - offTarget) * scale;
                // p_t - 1 as expm1(log p_t): a confident correct prediction keeps its small gradient's precision
                double logPt = ((double) logits[lo + (int) t] - max) - logSum;
                dlogits[o + (int) t] = (float) ((Math.expm1(logPt) + eps * (1 - 1.0 / classes)) * scale);
            }
        }
        return (float) (total * scale);
    }
}
