package org.peft4j.finetune.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic shuffling and hold-out splits. {@link Random} is used because its sequence is
 * fixed by its specification, so a seed gives the same order on every JDK.
 */
public final class Shuffle {
    private Shuffle() {}

    /** A new list with the items of {@code items} in a seeded Fisher-Yates order. */
    public static <T> List<T> shuffled(List<T> items, long seed) {
        List<T> out = new ArrayList<>(items);
        Random rng = new Random(seed);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T tmp = out.get(i);
            out.set(i, out.get(j));
            out.set(j, tmp);
        }
        return out;
    }

    /** A seeded permutation of 0..n-1. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /** Two disjoint parts of a seeded shuffle of {@code items}: the first {@code firstSize}, then the next {@code secondSize}. */
    public static <T> List<List<T>> holdout(List<T> items, int firstSize, int secondSize, long seed) {
        if (firstSize < 0 || secondSize < 0 || (long) firstSize + secondSize > items.size()) {
            throw new IllegalArgumentException("cannot take " + firstSize + " + " + secondSize + " items from " + items.size());
        }
        List<T> s = shuffled(items, seed);
        return List.of(List.copyOf(s.subList(0, firstSize)), List.copyOf(s.subList(firstSize, firstSize + secondSize)));
    }
}
