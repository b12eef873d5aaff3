package org.peft4j.finetune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts a list of items into batches, in one of two ways:
 * <ul>
 *   <li>plain: a seeded shuffle (or the given order), cut every {@code batchSize} items;</li>
 *   <li>length-bucketed: a seeded shuffle, cut into pools of {@code batchSize * poolBatches} items;
 *       each pool is sorted by length (longest first, ties kept in shuffle order) and cut into
 *       batches, and the order of all batches is shuffled again. Items of similar length end up
 *       together, so less padding is computed, while every epoch still sees a different mix.</li>
 * </ul>
 * Lengths come from a function (usually the token count of the encoded example), so this class
 * knows nothing about tokenizers. The same seed and epoch always give the same batches.
 */
public final class Batcher {
    private final int batchSize;
    private final boolean shuffle;
    private final int poolBatches;
    private final boolean dropLast;

    private Batcher(int batchSize, boolean shuffle, int poolBatches, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (poolBatches < 0) {
            throw new IllegalArgumentException("poolBatches must be >= 0, was " + poolBatches);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.poolBatches = poolBatches;
        this.dropLast = dropLast;
    }

    /** Batches in the items' own order (evaluation). */
    public static Batcher sequential(int batchSize) {
        return new Batcher(batchSize, false, 0, false);
    }

    /** Batches of a seeded shuffle (training). */
    public static Batcher shuffled(int batchSize) {
        return new Batcher(batchSize, true, 0, false);
    }

    /** Length-bucketed batches over pools of {@code poolBatches} batches (training, less padding). */
    public static Batcher lengthBucketed(int batchSize, int poolBatches) {
        if (poolBatches < 1) {
            throw new IllegalArgumentException("poolBatches must be >= 1, was " + poolBatches);
        }
        return new Batcher(batchSize, true, poolBatches, false);
    }

    /** The same batcher, dropping a last batch smaller than {@code batchSize}. */
    public Batcher dropLast() {
        return new Batcher(batchSize, shuffle, poolBatches, true);
    }

    /** Index batches for {@code lengths.length} items (lengths are ignored unless bucketing). */
    public List<int[]> indexBatches(int[] lengths, long seed, int epoch) {
        int n = lengths.length;
        long epochSeed = seed * 1_000_003L + epoch;
        int[] order = shuffle ? Shuffle.permutation(n, epochSeed) : identity(n);
        List<int[]> batches = new ArrayList<>();
        if (poolBatches == 0) {
            cut(order, 0, n, batches);
            return batches;
        }
        int pool = batchSize * poolBatches;
        for (int start = 0; start < n; start += pool) {
            int end = Math.min(n, start + pool);
            Integer[] chunk = new Integer[end - start];
            for (int i = start; i < end; i++) {
                chunk[i - start] = order[i];
            }
            // Stable sort: equal lengths keep their shuffled order.
            Arrays.sort(chunk, Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
            int[] sorted = new int[chunk.length];
            for (int i = 0; i < chunk.length; i++) {
                sorted[i] = chunk[i];
            }
            cut(sorted, 0, sorted.length, batches);
        }
        List<int[]> out = new ArrayList<>(batches.size());
        for (int i : Shuffle.permutation(batches.size(), epochSeed ^ 0x5DEECE66DL)) {
            out.add(batches.get(i));
        }
        return out;
    }

    /** Batches of {@code items}; {@code length} is called once per item when bucketing. */
    public <T> List<List<T>> batches(List<T> items, ToIntFunction<? super T> length, long seed, int epoch) {
        int[] lengths = new int[items.size()];
        if (poolBatches > 0) {
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = length.applyAsInt(items.get(i));
            }
        }
        List<List<T>> out = new ArrayList<>();
        for (int[] b : indexBatches(lengths, seed, epoch)) {
            List<T> batch = new ArrayList<>(b.length);
            for (int i : b) {
                batch.add(items.get(i));
            }
            out.add(batch);
        }
        return out;
    }

    private void cut(int[] order, int from, int to, List<int[]> out) {
        for (int s = from; s < to; s += batchSize) {
            int e = Math.min(to, s + batchSize);
            if (dropLast && e - s < batchSize) {
                break;
            }
            out.add(Arrays.copyOfRange(order, s, e));
        }
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }
}
