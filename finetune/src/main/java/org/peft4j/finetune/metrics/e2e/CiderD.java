package org.peft4j.finetune.metrics.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D as the coco-caption {@code cider_scorer.py} used by the E2E scorer computes it (sigma = 6,
 * n = 1..4, clipped tf-idf, Gaussian length penalty on the bigram-count difference, x10). Document
 * frequency counts the instances whose references contain an n-gram; outputs never count. The score
 * therefore depends on the whole corpus, not on one instance alone.
 */
public final class CiderD {
    private CiderD() {}

    static final int N = 4;
    static final double SIGMA = 6.0;

    /** Per-instance scores; texts are tokenized strings (split on whitespace). */
    public static double[] instanceScores(List<String> candidates, List<List<String>> refs) {
        if (candidates.size() != refs.size() || candidates.isEmpty()) {
            throw new IllegalArgumentException(candidates.size() + " candidates, " + refs.size() + " reference sets");
        }
        List<List<Map<String, Integer>>> refCounts = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        for (List<String> r : refs) {
            List<Map<String, Integer>> cooked = r.stream().map(CiderD::precook).toList();
            refCounts.add(cooked);
            Set<String> seen = new HashSet<>();
            cooked.forEach(m -> seen.addAll(m.keySet()));
            seen.forEach(g -> df.merge(g, 1, Integer::sum));
        }
        double logN = Math.log(refs.size());
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            Vec hyp = vector(precook(candidates.get(i)), df, logN);
            double[] sum = new double[N];
            for (Map<String, Integer> rc : refCounts.get(i)) {
                Vec ref = vector(rc, df, logN);
                double[] s = similarity(hyp, ref);
                for (int n = 0; n < N; n++) {
                    sum[n] += s[n];
                }
            }
            double mean = 0;
            for (int n = 0; n < N; n++) {
                mean += sum[n];
            }
            mean /= N;
            scores[i] = mean / refCounts.get(i).size() * 10.0;
        }
        return scores;
    }

    /** The corpus score: the mean of the instance scores. */
    public static double corpusScore(List<String> candidates, List<List<String>> refs) {
        double sum = 0;
        for (double s : instanceScores(candidates, refs)) {
            sum += s;
        }
        return sum / candidates.size();
    }

    /** Counts of all 1..4-grams, keyed by order-prefixed joined tokens. */
    static Map<String, Integer> precook(String text) {
        String t = text.strip();
        String[] words = t.isEmpty() ? new String[0] : t.split("\\s+");
        Map<String, Integer> counts = new HashMap<>();
        for (int k = 1; k <= N; k++) {
            for (int i = 0; i + k <= words.length; i++) {
                counts.merge(k + "\u0001" + String.join(" ", java.util.Arrays.asList(words).subList(i, i + k)), 1, Integer::sum);
            }
        }
        return counts;
    }

    private record Vec(List<Map<String, Double>> weights, double[] norm, int bigrams) {}

    private static Vec vector(Map<String, Integer> counts, Map<String, Integer> df, double logN) {
        List<Map<String, Double>> w = new ArrayList<>();
        for (int n = 0; n < N; n++) {
            w.add(new HashMap<>());
        }
        double[] norm = new double[N];
        int bigrams = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String g = e.getKey();
            int n = g.charAt(0) - '1';
            double idf = logN - Math.log(Math.max(1.0, df.getOrDefault(g, 0)));
            double v = e.getValue() * idf;
            w.get(n).put(g, v);
            norm[n] += v * v;
            if (n == 1) {
                bigrams += e.getValue();
            }
        }
        for (int n = 0; n < N; n++) {
            norm[n] = Math.sqrt(norm[n]);
        }
        return new Vec(w, norm, bigrams);
    }

    private static double[] similarity(Vec hyp, Vec ref) {
        double delta = hyp.bigrams() - ref.bigrams();
        double[] val = new double[N];
        for (int n = 0; n < N; n++) {
            Map<String, Double> r = ref.weights().get(n);
            for (Map.Entry<String, Double> e : hyp.weights().get(n).entrySet()) {
                double vr = r.getOrDefault(e.getKey(), 0.0);
                val[n] += Math.min(e.getValue(), vr) * vr;
            }
            if (hyp.norm()[n] != 0 && ref.norm()[n] != 0) {
                val[n] /= hyp.norm()[n] * ref.norm()[n];
            }
            val[n] *= Math.exp(-(delta * delta) / (2 * SIGMA * SIGMA));
        }
        return val;
    }
}
