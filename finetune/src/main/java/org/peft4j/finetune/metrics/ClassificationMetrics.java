package org.peft4j.finetune.metrics;

import java.util.TreeSet;

/**
 * Accuracy, F1 and Matthews correlation over predicted and gold class indices. Conventions follow
 * scikit-learn: an undefined ratio (0/0) counts as 0, macro F1 averages over the classes that occur
 * in the gold labels or the predictions.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    public static double accuracy(int[] predicted, int[] gold) {
        check(predicted, gold);
        int correct = 0;
        for (int i = 0; i < gold.length; i++) {
            if (predicted[i] == gold[i]) {
                correct++;
            }
        }
        return (double) correct / gold.length;
    }

    /** F1 of class {@code positive} against all others (binary F1 with {@code positive = 1}). */
    public static double f1(int[] predicted, int[] gold, int positive) {
        check(predicted, gold);
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < gold.length; i++) {
            boolean p = predicted[i] == positive, g = gold[i] == positive;
            if (p && g) {
                tp++;
            } else if (p) {
                fp++;
            } else if (g) {
                fn++;
            }
        }
        long denom = 2 * tp + fp + fn;
        return denom == 0 ? 0.0 : 2.0 * tp / denom;
    }

    /** Binary F1 with class 1 as the positive class (GLUE's MRPC F1). */
    public static double binaryF1(int[] predicted, int[] gold) {
        return f1(predicted, gold, 1);
    }

    /** Unweighted mean of per-class F1 over the classes present in gold or predictions. */
    public static double macroF1(int[] predicted, int[] gold) {
        check(predicted, gold);
        TreeSet<Integer> classes = new TreeSet<>();
        for (int i = 0; i < gold.length; i++) {
            classes.add(gold[i]);
            classes.add(predicted[i]);
        }
        double sum = 0;
        for (int c : classes) {
            sum += f1(predicted, gold, c);
        }
        return sum / classes.size();
    }

    /**
     * Matthews correlation coefficient, in its multi-class form (Gorodkin 2004), which equals the
     * usual binary formula for two classes. 0 when it is undefined (a constant prediction or gold).
     */
    public static double matthews(int[] predicted, int[] gold) {
        check(predicted, gold);
        int k = 0;
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] < 0 || predicted[i] < 0) {
                throw new IllegalArgumentException("class indices must be >= 0 (index " + i + ")");
            }
            k = Math.max(k, Math.max(gold[i], predicted[i]) + 1);
        }
        long[] t = new long[k], p = new long[k];
        long correct = 0, n = gold.length;
        for (int i = 0; i < n; i++) {
            t[gold[i]]++;
            p[predicted[i]]++;
            if (gold[i] == predicted[i]) {
                correct++;
            }
        }
        double sumTp = 0, sumPp = 0, sumTt = 0;
        for (int c = 0; c < k; c++) {
            sumTp += (double) t[c] * p[c];
            sumPp += (double) p[c] * p[c];
            sumTt += (double) t[c] * t[c];
        }
        double cov = (double) correct * n - sumTp;
        double denom = Math.sqrt((double) n * n - sumPp) * Math.sqrt((double) n * n - sumTt);
        return denom == 0 ? 0.0 : cov / denom;
    }

    private static void check(int[] predicted, int[] gold) {
        if (predicted.length != gold.length) {
            throw new IllegalArgumentException("predicted has " + predicted.length + " items, gold has " + gold.length);
        }
        if (gold.length == 0) {
            throw new IllegalArgumentException("no items to score");
        }
    }
}
