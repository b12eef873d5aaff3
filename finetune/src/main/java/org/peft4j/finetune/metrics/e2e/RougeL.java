package org.peft4j.finetune.metrics.e2e;

import java.util.List;

/**
 * ROUGE-L as the MS-COCO caption scorer ({@code pycocoevalcap/rouge}) computes it: over
 * PTB-tokenized strings split on single spaces, per instance the best LCS precision and the best
 * LCS recall over the references (taken separately), combined with beta = 1.2; the corpus score is
 * the mean over instances.
 */
public final class RougeL {
    private RougeL() {}

    static final double BETA = 1.2;

    /** One instance: {@code candidate} and {@code refs} are tokenized strings (tokens joined by single spaces). */
    public static double instanceScore(String candidate, List<String> refs) {
        String[] c = candidate.split(" ", -1);
        double precMax = 0, recMax = 0;
        for (String ref : refs) {
            String[] r = ref.split(" ", -1);
            int lcs = lcs(r, c);
            precMax = Math.max(precMax, lcs / (double) c.length);
            recMax = Math.max(recMax, lcs / (double) r.length);
        }
        if (precMax == 0 || recMax == 0) {
            return 0.0;
        }
        return ((1 + BETA * BETA) * precMax * recMax) / (recMax + BETA * BETA * precMax);
    }

    /** The corpus score: the arithmetic mean of the instance scores. */
    public static double corpusScore(List<String> candidates, List<List<String>> refs) {
        if (candidates.size() != refs.size() || candidates.isEmpty()) {
            throw new IllegalArgumentException(candidates.size() + " candidates, " + refs.size() + " reference sets");
        }
        double sum = 0;
        for (int i = 0; i < candidates.size(); i++) {
            sum += instanceScore(candidates.get(i), refs.get(i));
        }
        return sum / candidates.size();
    }

    static int lcs(String[] a, String[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                cur[j] = a[i - 1].equals(b[j - 1]) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }
}
