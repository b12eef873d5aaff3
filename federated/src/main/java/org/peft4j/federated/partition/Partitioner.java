package org.peft4j.federated.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Splits a dataset across federated clients, deterministically for a seed (java.util.Random, whose sequence the
 * JDK specifies). The schemes follow NIID-Bench (Li et al., "Federated Learning on Non-IID Data Silos", ICDE 2022):
 * <ul>
 * <li>IID: a seeded shuffle cut into near-equal parts;
 * <li>Dirichlet(α) label skew: for each class, proportions p ~ Dir(α) over clients (clients already holding
 *     n/N samples get p = 0, then p is renormalised), the class's shuffled indices cut at cumsum(p)·count;
 *     redrawn until every client has at least minPerClient samples;
 * <li>quantity skew: client sizes from p ~ Dir(α) (redrawn until each is at least minPerClient), labels IID.
 * </ul>
 * Smaller α means more skew.
 */
public final class Partitioner {
    private static final int MAX_ATTEMPTS = 10_000;

    private Partitioner() {}

    public static Partition iid(int n, int clients, long seed) {
        check(n, clients, 0);
        int[] idx = shuffled(n, new Random(seed));
        List<int[]> out = new ArrayList<>();
        int base = n / clients, extra = n % clients, at = 0;
        for (int c = 0; c < clients; c++) {
            int size = base + (c < extra ? 1 : 0);
            out.add(java.util.Arrays.copyOfRange(idx, at, at + size));
            at += size;
        }
        return new Partition(out);
    }

    public static Partition dirichletLabels(int[] labels, int clients, double alpha, long seed, int minPerClient) {
        int n = labels.length;
        check(n, clients, minPerClient);
        checkAlpha(alpha);
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < n; i++) byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        Random rng = new Random(seed);
        Dirichlet dir = new Dirichlet(rng);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<List<Integer>> parts = new ArrayList<>();
            for (int c = 0; c < clients; c++) parts.add(new ArrayList<>());
            for (List<Integer> members : byClass.values()) {
                int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
                shuffle(idx, rng);
                double[] p = dir.sample(alpha, clients);
                double sum = 0;
                for (int c = 0; c < clients; c++) {
                    if (parts.get(c).size() >= (double) n / clients) p[c] = 0; // NIID-Bench: full clients take no more
                    sum += p[c];
                }
                if (sum == 0) p = dir.sample(alpha, clients); // everyone full (only possible at the very end)
                else for (int c = 0; c < clients; c++) p[c] /= sum;
                int[] cuts = cuts(p, idx.length);
                for (int c = 0, from = 0; c < clients; c++) {
                    for (int j = from; j < cuts[c]; j++) parts.get(c).add(idx[j]);
                    from = cuts[c];
                }
            }
            int min = parts.stream().mapToInt(List::size).min().orElse(0);
            if (min >= minPerClient) {
                List<int[]> out = new ArrayList<>();
                for (List<Integer> part : parts) out.add(part.stream().mapToInt(Integer::intValue).toArray());
                return new Partition(out);
            }
        }
        throw new IllegalArgumentException("Dirichlet(" + alpha + ") label split of " + n + " samples over " + clients
                + " clients gave some client fewer than " + minPerClient + " samples in " + MAX_ATTEMPTS + " draws; raise alpha or lower --min-size");
    }

    public static Partition quantitySkew(int n, int clients, double alpha, long seed, int minPerClient) {
        check(n, clients, minPerClient);
        checkAlpha(alpha);
        Random rng = new Random(seed);
        Dirichlet dir = new Dirichlet(rng);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            double[] p = dir.sample(alpha, clients);
            int[] cuts = cuts(p, n);
            int min = Integer.MAX_VALUE;
            for (int c = 0, from = 0; c < clients; c++) {
                min = Math.min(min, cuts[c] - from);
                from = cuts[c];
            }
            if (min < minPerClient) continue;
            int[] idx = shuffled(n, rng);
            List<int[]> out = new ArrayList<>();
            for (int c = 0, from = 0; c < clients; c++) {
                out.add(java.util.Arrays.copyOfRange(idx, from, cuts[c]));
                from = cuts[c];
            }
            return new Partition(out);
        }
        throw new IllegalArgumentException("Dirichlet(" + alpha + ") quantity split of " + n + " samples over " + clients
                + " clients gave some client fewer than " + minPerClient + " samples in " + MAX_ATTEMPTS + " draws; raise alpha or lower --min-size");
    }

    /** End index of each client's share: floor(cumsum(p)·count), the last forced to count. */
    private static int[] cuts(double[] p, int count) {
        int[] cuts = new int[p.length];
        double acc = 0;
        for (int c = 0; c < p.length; c++) {
            acc += p[c];
            cuts[c] = c == p.length - 1 ? count : Math.min(count, (int) Math.floor(acc * count));
            if (c > 0 && cuts[c] < cuts[c - 1]) cuts[c] = cuts[c - 1];
        }
        return cuts;
    }

    private static int[] shuffled(int n, Random rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        shuffle(idx, rng);
        return idx;
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void check(int n, int clients, int minPerClient) {
        if (clients < 1) throw new IllegalArgumentException("need at least 1 client, got " + clients);
        if (n < 0) throw new IllegalArgumentException("negative sample count " + n);
        if (minPerClient < 0) throw new IllegalArgumentException("minimum per client must be >= 0, got " + minPerClient);
        if ((long) minPerClient * clients > n)
            throw new IllegalArgumentException(clients + " clients with at least " + minPerClient + " samples each need " + (long) minPerClient * clients + " samples, the dataset has " + n);
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("Dirichlet alpha must be a positive finite number, got " + alpha);
    }
}
