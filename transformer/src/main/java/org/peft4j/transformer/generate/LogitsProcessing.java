package org.peft4j.transformer.generate;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** The per-row logit transforms and choices of {@link Generator}, on one row of vocabulary logits. */
final class LogitsProcessing {
    private LogitsProcessing() {}

    /** First index of the largest logit (torch.argmax's tie rule). */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    /** CTRL repetition penalty on every distinct token already in the sequence. */
    static void repetitionPenalty(float[] logits, long[] seen, int seenCount, float penalty) {
        if (penalty == 1f) return;
        boolean[] done = new boolean[logits.length];
        for (int i = 0; i < seenCount; i++) {
            int t = (int) seen[i];
            if (t < 0 || t >= logits.length || done[t]) continue;
            done[t] = true;
            logits[t] = logits[t] < 0 ? logits[t] * penalty : logits[t] / penalty;
        }
    }

    static void temperature(float[] logits, float t) {
        if (t == 1f) return;
        for (int i = 0; i < logits.length; i++) logits[i] /= t;
    }

    /** Sets all but the k largest logits to -inf (ties at the k-th value are kept, as transformers does). */
    static void topK(float[] logits, int k) {
        if (k <= 0 || k >= logits.length) return;
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float kth = sorted[sorted.length - k];
        for (int i = 0; i < logits.length; i++) if (logits[i] < kth) logits[i] = Float.NEGATIVE_INFINITY;
    }

    /**
     * Nucleus filter: keeps the most likely tokens whose cumulative probability reaches p (always at least one),
     * removes the rest (transformers' TopPLogitsWarper).
     */
    static void topP(float[] logits, float p) {
        if (p >= 1f) return;
        int n = logits.length;
        float[] prob = softmax(logits);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(prob[b], prob[a]));
        double cum = 0;
        int keep = 0;
        while (keep < n) {
            cum += prob[order[keep]];
            keep++;
            if (cum >= p) break;
        }
        for (int i = keep; i < n; i++) logits[order[i]] = Float.NEGATIVE_INFINITY;
    }

    static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v);
        float[] p = new float[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = logits[i] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] = (float) (p[i] / sum);
        return p;
    }

    /** Draws an index from softmax(logits). */
    static int sample(float[] logits, RandomGenerator rng) {
        float[] p = softmax(logits);
        double u = rng.nextDouble(), cum = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) continue;
            last = i;
            cum += p[i];
            if (u < cum) return i;
        }
        return last; // rounding left u above the total: the last token with mass
    }
}
