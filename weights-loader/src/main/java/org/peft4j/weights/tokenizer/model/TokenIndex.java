package org.peft4j.weights.tokenizer.model;

import java.util.Map;

/**
 * Token string to id, looked up by a character range of a larger string with an optional prefix and
 * suffix, without building the key string (the hot path of WordPiece and BPE).
 */
public final class TokenIndex {
    private final String[] keys;
    private final int[] hashes;
    private final int[] values;
    private final int mask;
    private final int size;

    public TokenIndex(Map<String, Integer> vocab) {
        int cap = Integer.highestOneBit(Math.max(4, vocab.size() * 2 + 1)) << 1;
        keys = new String[cap];
        hashes = new int[cap];
        values = new int[cap];
        mask = cap - 1;
        size = vocab.size();
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            String k = e.getKey();
            int h = hash("", k, 0, k.length(), "");
            int slot = h & mask;
            while (keys[slot] != null) slot = (slot + 1) & mask;
            keys[slot] = k;
            hashes[slot] = h;
            values[slot] = e.getValue();
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
        int h = hash(prefix, s, from, to, suffix);
        int len = prefix.length() + (to - from) + suffix.length();
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            String k = keys[slot];
            if (k == null) return -1;
            if (hashes[slot] == h && k.length() == len && equal(k, prefix, s, from, to, suffix)) return values[slot];
        }
    }

    private static boolean equal(String k, String prefix, String s, int from, int to, String suffix) {
        int p = prefix.length();
        if (p > 0 && !k.startsWith(prefix)) return false;
        if (!k.regionMatches(p, s, from, to - from)) return false;
        return suffix.isEmpty() || k.endsWith(suffix);
    }

    private static int hash(String prefix, String s, int from, int to, String suffix) {
        int h = 0;
        for (int i = 0; i < prefix.length(); i++) h = 31 * h + prefix.charAt(i);
        for (int i = from; i < to; i++) h = 31 * h + s.charAt(i);
        for (int i = 0; i < suffix.length(); i++) h = 31 * h + suffix.charAt(i);
        return h ^ (h >>> 16);
    }
}
