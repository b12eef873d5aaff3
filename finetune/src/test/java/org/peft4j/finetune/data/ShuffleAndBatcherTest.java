package org.peft4j.finetune.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffleAndBatcherTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 103).boxed().toList();

    @Test
    void shuffleIsDeterministicAndAPermutation() {
        List<Integer> a = Shuffle.shuffled(ITEMS, 7);
        assertEquals(a, Shuffle.shuffled(ITEMS, 7));
        assertNotEquals(a, Shuffle.shuffled(ITEMS, 8));
        assertNotEquals(ITEMS, a);
        assertEquals(new HashSet<>(ITEMS), new HashSet<>(a));
        // The first draw of java.util.Random(7).nextInt(103) decides the last element; Random is specified by its javadoc.
        int j = new java.util.Random(7).nextInt(103);
        assertEquals(j, a.get(102));
    }

    @Test
    void holdoutPartsAreDisjointAndSized() {
        List<List<Integer>> parts = Shuffle.holdout(ITEMS, 60, 40, 3);
        assertEquals(60, parts.get(0).size());
        assertEquals(40, parts.get(1).size());
        Set<Integer> both = new HashSet<>(parts.get(0));
        both.addAll(parts.get(1));
        assertEquals(100, both.size());
        assertThrows(IllegalArgumentException.class, () -> Shuffle.holdout(ITEMS, 100, 4, 3));
    }

    @Test
    void sequentialBatchesKeepOrder() {
        List<List<Integer>> b = Batcher.sequential(10).batches(ITEMS, x -> 0, 0, 0);
        assertEquals(11, b.size());
        assertEquals(List.of(100, 101, 102), b.get(10));
        assertEquals(10, Batcher.sequential(10).dropLast().batches(ITEMS, x -> 0, 0, 0).size());
    }

    @Test
    void lengthBucketedBatchesCoverEverythingOnceAndGroupSimilarLengths() {
        // Lengths: item i has length (i * 37) % 50, a scrambled spread.
        Batcher bucketed = Batcher.lengthBucketed(8, 4);
        List<List<Integer>> b = bucketed.batches(ITEMS, i -> (i * 37) % 50, 11, 0);
        List<Integer> seen = new ArrayList<>();
        b.forEach(seen::addAll);
        assertEquals(ITEMS.size(), seen.size());
        assertEquals(new HashSet<>(ITEMS), new HashSet<>(seen));
        assertEquals(b, bucketed.batches(ITEMS, i -> (i * 37) % 50, 11, 0), "same seed and epoch, same batches");
        assertNotEquals(b, bucketed.batches(ITEMS, i -> (i * 37) % 50, 11, 1), "another epoch, another order");
        // Padding waste (sum over batches of max length * size - total length) is lower than with plain shuffling.
        assertTrue(waste(b) < waste(Batcher.shuffled(8).batches(ITEMS, i -> 0, 11, 0)) / 2,
                "bucketing should at least halve padding here");
        // Within one batch, lengths are sorted longest first.
        for (List<Integer> batch : b) {
            for (int k = 1; k < batch.size(); k++) {
                assertTrue((batch.get(k - 1) * 37) % 50 >= (batch.get(k) * 37) % 50);
            }
        }
    }

    private static long waste(List<List<Integer>> batches) {
        long w = 0;
        for (List<Integer> batch : batches) {
            int max = batch.stream().mapToInt(i -> (i * 37) % 50).max().orElse(0);
            for (int i : batch) {
                w += max - (i * 37) % 50;
            }
        }
        return w;
    }
}
