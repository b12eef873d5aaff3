package org.peft4j.weights.tokenizer.model;

import java.util.Map;

/**
 * Token string to id, looked up by a character range of a larger string with an optional prefix and
 * suffix, without building the key string (the hot path of WordPiece and BPE). Keys live in one char pool
 * and the table holds (hash, entry) pairs, so a lookup touches few cache lines.
 */
public final class TokenIndex {
    private final long[] table;      // (hash << 32) | (entry + 1); 0 = empty slot
    private final int[] entries;     // per entry, side by side: key start in the pool, key length, id
    private final char[] pool;
    private final int mask;
    private final int shift;
    private final int size;

    public TokenIndex(Map<String, Integer> vocab) {
        size = vocab.size();
        int cap = Integer.highestOneBit(Math.max(4, size * 2 + 1)) << 1;
        table = new long[cap];
        mask = cap - 1;
        shift = 32 - Integer.numberOfTrailingZeros(cap);
        entries = new int[3 * size];
        int chars = 0;
        for (String k : vocab.keySet()) chars += k.length();
        pool = new char[chars];
        int entry = 0, at = 0;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            String k = e.getKey();
            k.getChars(0, k.length(), pool, at);
            entries[3 * entry] = at;
            entries[3 * entry + 1] = k.length();
            entries[3 * entry + 2] = e.getValue();
            at += k.length();
            int h = hash("", k, 0, k.length(), "");
            int slot = h >>> shift;
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = ((long) h << 32) | (entry + 1);
            entry++;
        }
    }

    public int size() {
        return size;
    }

    /** Id of {@code token}, or -1. */
    public int get(String token) {
        return get("", token, 0, token.length(), "");
    }

    /** Id of {@code prefix + s[from, to) + suffix}, or -1. */
    public int get(String prefix, String s, int from, int to, String suffix) {
        return find(hash(prefix, s, from, to, suffix), prefix, s, from, to, suffix);
    }

    /** Start of a rolling hash over {@code prefix}; extend it with {@link #step}. */
    public static int prefixHash(String prefix) {
        int h = 0;
        for (int i = 0; i < prefix.length(); i++) h = 31 * h + prefix.charAt(i);
        return h;
    }

    public static int step(int rolling, char c) {
        return 31 * rolling + c;
    }

    /** Id of {@code prefix + s[from, to)} whose rolling hash is {@code rolling}, or -1. */
    public int getRolling(int rolling, String prefix, String s, int from, int to) {
        return find(finish(rolling), prefix, s, from, to, "");
    }

    private int find(int h, String prefix, String s, int from, int to, String suffix) {
        int len = prefix.length() + (to - from) + suffix.length();
        for (int slot = h >>> shift; ; slot = (slot + 1) & mask) {
            long t = table[slot];
            if (t == 0) return -1;
            if ((int) (t >>> 32) != h) continue;
            int e = 3 * ((int) t - 1);
            if (entries[e + 1] == len && equal(entries[e], prefix, s, from, to, suffix)) return entries[e + 2];
        }
    }

    private boolean equal(int at, String prefix, String s, int from, int to, String suffix) {
        for (int i = 0; i < prefix.length(); i++) if (pool[at++] != prefix.charAt(i)) return false;
        for (int i = from; i < to; i++) if (pool[at++] != s.charAt(i)) return false;
        for (int i = 0; i < suffix.length(); i++) if (pool[at++] != suffix.charAt(i)) return false;
        return true;
    }

    private static int hash(String prefix, String s, int from, int to, String suffix) {
        int h = 0;
        for (int i = 0; i < prefix.length(); i++) h = 31 * h + prefix.charAt(i);
        for (int i = from; i < to; i++) h = 31 * h + s.charAt(i);
        for (int i = 0; i < suffix.length(); i++) h = 31 * h + suffix.charAt(i);
        return finish(h);
    }

    /** Spreads the polynomial hash over all bits; slots are taken from the top bits. */
    private static int finish(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 15);
    }
}
