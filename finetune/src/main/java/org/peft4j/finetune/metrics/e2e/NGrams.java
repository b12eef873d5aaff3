package org.peft4j.finetune.metrics.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** N-gram counting over token lists; an n-gram is its tokens joined by single spaces. */
final class NGrams {
    private NGrams() {}

    /** Counts of all n-grams of exactly order {@code n}. */
    static Map<String, Integer> count(List<String> tokens, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }

    /** For each n-gram of order n, its largest count in any one of {@code refs}. */
    static Map<String, Integer> maxCounts(List<List<String>> refs, int n) {
        Map<String, Integer> max = new HashMap<>();
        for (List<String> ref : refs) {
            for (Map.Entry<String, Integer> e : count(ref, n).entrySet()) {
                max.merge(e.getKey(), e.getValue(), Math::max);
            }
        }
        return max;
    }
}
