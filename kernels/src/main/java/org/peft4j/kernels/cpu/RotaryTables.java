package org.peft4j.kernels.cpu;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Cached cos/sin tables for rotary embeddings, one per (head dim, theta): row p holds cos and sin of
 * float(p) * inv_freq_i for i < d/2. Math.cos and Math.sin cost tens of nanoseconds each, so recomputing them
 * for every token of every call would cost more than the rotation itself. Tables are immutable once published
 * and grow by doubling when a larger position is asked for; positions beyond {@link #MAX_CACHED} are not cached.
 */
final class RotaryTables {
    /** Largest position kept in a table (its rows cost d floats each). */
    static final int MAX_CACHED = 1 << 16;

    private record Key(int d, int thetaBits) {}

    /** Rows 0..positions-1 of cos and sin, row-major with d/2 entries per row. */
    record Table(int positions, float[] cos, float[] sin) {}

    private static final ConcurrentHashMap<Key, Table> TABLES = new ConcurrentHashMap<>();

    private RotaryTables() {}

    /** A table covering positions 0..maxPosition (maxPosition <= MAX_CACHED). */
    static Table get(int d, float theta, long maxPosition) {
        Key key = new Key(d, Float.floatToIntBits(theta));
        Table t = TABLES.get(key);
        if (t != null && t.positions() > maxPosition) return t;
        return TABLES.compute(key, (k, old) -> {
            if (old != null && old.positions() > maxPosition) return old;
            int want = (int) Math.min(MAX_CACHED + 1L, Math.max(Long.highestOneBit(maxPosition) * 2, 256));
            return build(d, theta, want);
        });
    }

    private static Table build(int d, float theta, int positions) {
        int half = d / 2;
        float[] invFreq = Rotary.inverseFrequencies(d, theta);
        float[] cos = new float[positions * half], sin = new float[positions * half];
        float[] c = new float[half], s = new float[half];
        for (int p = 0; p < positions; p++) {
            Rotary.angles(p, invFreq, c, s);
            System.arraycopy(c, 0, cos, p * half, half);
            System.arraycopy(s, 0, sin, p * half, half);
        }
        return new Table(positions, cos, sin);
    }
}
