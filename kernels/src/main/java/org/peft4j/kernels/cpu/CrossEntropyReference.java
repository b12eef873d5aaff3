package org.peft4j.kernels.cpu;

/** Scalar reference for {@link CrossEntropy}: explicit log-probabilities and target distribution, in double. */
public final class CrossEntropyReference {
    private CrossEntropyReference() {}

    public static float crossEntropy(int rows, int classes, float[] logits, int lOff, long[] targets, int tOff, long ignoreIndex,
                                     float labelSmoothing, boolean mean, float[] dlogits, int dOff) {
        int counted = CrossEntropy.check(rows, classes, logits, lOff, targets, tOff, ignoreIndex, labelSmoothing, dlogits, dOff);
        double scale = mean ? (counted == 0 ? 0 : 1.0 / counted) : 1;
        double total = 0;
        double[] logp = new double[classes];
        for (int r = 0; r < rows; r++) {
            long t = targets[tOff + r];
            boolean ignored = t == ignoreIndex;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < classes; c++) max = Math.max(max, logits[lOff + r * classes + c]);
            for (int c = 0; c < classes; c++) sum += Math.exp(logits[lOff + r * classes + c] - max);
            for (int c = 0; c < classes; c++) logp[c] = logits[lOff + r * classes + c] - max - Math.log(sum);
            for (int c = 0; c < classes; c++) {
                double q = (c == t ? 1 - labelSmoothing : 0) + (double) labelSmoothing / classes;
                if (!ignored) total -= q * logp[c];
                if (dlogits != null) dlogits[dOff + r * classes + c] = ignored ? 0f : (float) ((Math.exp(logp[c]) - q) * scale);
            }
        }
        return (float) (total * scale);
    }
}
