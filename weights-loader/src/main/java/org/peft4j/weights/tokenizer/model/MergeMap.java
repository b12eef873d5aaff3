package org.peft4j.weights.tokenizer.model;

import java.util.Arrays;

/** BPE merges: (left id, right id) to (rank, merged id), in an open-addressing table of longs. */
public final class MergeMap {
    private static final long EMPTY = -1L;
    private long[] keys;
    private long[] values;
    private int size;
    private int mask;

    public MergeMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
        keys = new long[cap];
        values = new long[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }

    /** Adds a merge; a pair listed twice keeps its last rank, as the Rust library's map does. */
    public void put(int left, int right, int rank, int mergedId) {
        if (2 * (size + 1) > keys.length) grow();
        long k = key(left, right);
        int s = slot(k, mask);
        while (keys[s] != EMPTY) {
            if (keys[s] == k) {
                values[s] = ((long) rank << 32) | (mergedId & 0xFFFFFFFFL);
                return;
            }
            s = (s + 1) & mask;
        }
        keys[s] = k;
        values[s] = ((long) rank << 32) | (mergedId & 0xFFFFFFFFL);
        size++;
    }

    /** (rank << 32 | mergedId) of the pair, or -1 when the pair does not merge. */
    public long get(int left, int right) {
        long k = key(left, right);
        for (int s = slot(k, mask); ; s = (s + 1) & mask) {
            long kk = keys[s];
            if (kk == k) return values[s];
            if (kk == EMPTY) return -1L;
        }
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys, oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == EMPTY) continue;
            int s = slot(oldKeys[i], mask);
            while (keys[s] != EMPTY) s = (s + 1) & mask;
            keys[s] = oldKeys[i];
            values[s] = oldValues[i];
        }
    }
}
