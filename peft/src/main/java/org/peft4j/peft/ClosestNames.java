package org.peft4j.peft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Suggestions for a module name that matched nothing: the model's module names nearest by edit distance. */
public final class ClosestNames {
    private ClosestNames() {}

    /**
     * Up to {@code limit} distinct names from {@code paths} (full dotted paths and their one- and two-segment
     * suffixes, e.g. "query", "self.query") ordered by edit distance to {@code wanted}, ties by name.
     */
    public static List<String> suggest(String wanted, Collection<String> paths, int limit) {
        Set<String> candidates = new LinkedHashSet<>();
        for (String p : paths) {
            if (p.isEmpty()) continue;
            String[] seg = p.split("\\.");
            candidates.add(seg[seg.length - 1]);
            if (seg.length >= 2) candidates.add(seg[seg.length - 2] + "." + seg[seg.length - 1]);
            if (wanted.contains(".")) candidates.add(p);
        }
        candidates.removeIf(c -> c.matches("\\d+"));
        List<String> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingInt((String c) -> distance(wanted, c)).thenComparing(c -> c));
        return sorted.subList(0, Math.min(limit, sorted.size()));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
