package org.peft4j.finetune.metrics.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * METEOR 1.5's word aligner restricted to its first two modules, exact and stem (Snowball
 * English): all candidate one-word matches are collected, one-to-one matches that overlap nothing
 * are fixed, and a left-to-right beam search (beam 40) over reference positions picks the
 * alignment with the most weighted matches, then the fewest chunks, then the least distance.
 * Follows the reference implementation step by step, including its bookkeeping quirks, so the same
 * alignment (and chunk count) comes out.
 */
final class MeteorAligner {
    static final int EXACT = 0;
    static final int STEM = 1;
    static final int MODULES = 2;
    /** The weights the reference aligner searches with (exact 1.0, other modules 0.5). */
    private static final double[] SEARCH_WEIGHTS = {1.0, 0.5};
    private static final int BEAM = 40;

    /** A one-word match: reference word {@code start} with test word {@code matchStart}. */
    record Match(int module, int start, int matchStart) {}

    /** The result: unweighted matches per module on each side, and the chunk count. */
    record Alignment(int testLength, int refLength, int[] testMatches, int[] refMatches, int chunks) {}

    private MeteorAligner() {}

    // A corpus has a small vocabulary: stem each word once.
    private static final java.util.concurrent.ConcurrentHashMap<String, String> STEMS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String stem(String word) {
        return STEMS.size() < 1_000_000 ? STEMS.computeIfAbsent(word, EnglishStemmer::stem) : EnglishStemmer.stem(word);
    }

    static Alignment align(String[] test, String[] ref) {
        List<List<Match>> matches = new ArrayList<>();
        for (int j = 0; j < ref.length; j++) {
            matches.add(new ArrayList<>());
        }
        int[] cov1 = new int[test.length];
        int[] cov2 = new int[ref.length];
        boolean identical = Arrays.equals(test, ref);
        for (int j = 0; j < ref.length; j++) {
            for (int i = 0; i < test.length; i++) {
                if (test[i].equals(ref[j])) {
                    matches.get(j).add(new Match(EXACT, j, i));
                    cov1[i]++;
                    cov2[j]++;
                }
            }
        }
        if (!identical) {
            String[] s1 = Arrays.stream(test).map(MeteorAligner::stem).toArray(String[]::new);
            String[] s2 = Arrays.stream(ref).map(MeteorAligner::stem).toArray(String[]::new);
            for (int j = 0; j < ref.length; j++) {
                for (int i = 0; i < test.length; i++) {
                    if (s1[i].equals(s2[j]) && !test[i].equals(ref[j])) {
                        matches.get(j).add(new Match(STEM, j, i));
                        cov1[i]++;
                        cov2[j]++;
                    }
                }
            }
        }
        Path start = new Path(new Match[ref.length], new boolean[test.length], new boolean[ref.length]);
        for (int j = 0; j < ref.length; j++) {
            if (matches.get(j).size() == 1) {
                Match m = matches.get(j).getFirst();
                if (cov2[j] == 1 && cov1[m.matchStart()] == 1) {
                    start.matches[j] = m;
                    start.used2[j] = true;
                    start.used1[m.matchStart()] = true;
                }
            }
        }
        Path best = resolve(matches, start);
        int[] tm = new int[MODULES], rm = new int[MODULES];
        for (Match m : best.matches) {
            if (m != null) {
                tm[m.module()]++;
                rm[m.module()]++;
            }
        }
        return new Alignment(test.length, ref.length, tm, rm, countChunks(best.matches));
    }

    /** A partial alignment during the beam search (fields as in the reference PartialAlignment). */
    private static final class Path {
        final Match[] matches;
        final boolean[] used1, used2;
        double weighted1, weighted2;
        int chunks, idx, distance;
        int lastMatchEnd = -1;

        Path(Match[] matches, boolean[] used1, boolean[] used2) {
            this.matches = matches;
            this.used1 = used1;
            this.used2 = used2;
        }

        Path(Path o) {
            this(o.matches.clone(), o.used1.clone(), o.used2.clone());
            weighted1 = o.weighted1;
            weighted2 = o.weighted2;
            chunks = o.chunks;
            idx = o.idx;
            distance = o.distance;
            lastMatchEnd = o.lastMatchEnd;
        }

        boolean isUsed(Match m) {
            return used2[m.start()] || used1[m.matchStart()];
        }

        void take(Match m) {
            weighted1 += SEARCH_WEIGHTS[m.module()];
            weighted2 += SEARCH_WEIGHTS[m.module()];
            if (lastMatchEnd != -1 && m.matchStart() != lastMatchEnd) {
                chunks++;
            }
            idx = m.start() + 1;
            lastMatchEnd = m.matchStart() + 1;
        }
    }

    // More weighted matches first, then fewer chunks, then smaller distance.
    private static final Comparator<Path> ORDER = (x, y) -> {
        double d = (y.weighted1 + y.weighted2) - (x.weighted1 + x.weighted2);
        if (d > 0) {
            return 1;
        }
        if (d < 0) {
            return -1;
        }
        if (x.chunks != y.chunks) {
            return x.chunks - y.chunks;
        }
        return x.distance - y.distance;
    };

    private static Path resolve(List<List<Match>> matches, Path start) {
        List<Path> next = new ArrayList<>();
        next.add(start);
        for (int current = 0; current <= matches.size(); current++) {
            List<Path> paths = next;
            next = new ArrayList<>();
            paths.sort(ORDER);
            for (int rank = 0; rank < BEAM && rank < paths.size(); rank++) {
                Path path = paths.get(rank);
                if (current == matches.size()) {
                    if (path.lastMatchEnd != -1) {
                        path.chunks++;
                    }
                    next.add(path);
                    continue;
                }
                if (path.used2[current]) {
                    if (current < path.idx) {
                        next.add(path);
                    } else if (path.matches[path.idx] != null) {
                        Match m = path.matches[path.idx];
                        path.take(m);
                        path.distance += Math.abs(m.start() - m.matchStart());
                        next.add(path);
                    }
                    continue;
                }
                for (Match m : matches.get(current)) {
                    if (path.isUsed(m)) {
                        continue;
                    }
                    Path np = new Path(path);
                    np.used2[m.start()] = true;
                    np.used1[m.matchStart()] = true;
                    np.matches[current] = m;
                    np.take(m);
                    // The reference implementation adds this distance to the parent path, not the new one.
                    path.distance += Math.abs(m.start() - m.matchStart());
                    next.add(np);
                }
                if (path.lastMatchEnd != -1) {
                    path.chunks++;
                    path.lastMatchEnd = -1;
                }
                path.idx++;
                next.add(path);
            }
            if (next.isEmpty()) {
                next.add(paths.getFirst());
            }
        }
        next.sort(ORDER);
        return next.getFirst();
    }

    static int countChunks(Match[] matches) {
        int chunks = 0, idx = 0, lastMatchEnd = -1;
        while (idx < matches.length) {
            Match m = matches[idx];
            if (m == null) {
                if (lastMatchEnd != -1) {
                    chunks++;
                    lastMatchEnd = -1;
                }
                idx++;
            } else {
                if (lastMatchEnd != -1 && m.matchStart() != lastMatchEnd) {
                    chunks++;
                }
                idx = m.start() + 1;
                lastMatchEnd = m.matchStart() + 1;
            }
        }
        if (lastMatchEnd != -1) {
            chunks++;
        }
        return chunks;
    }
}
