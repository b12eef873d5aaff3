package org.peft4j.transformer.models;

import org.peft4j.tensor.Tensor;

/** Position ids of decoder tokens: defaults and the left-padding rule of transformers' generate(). */
public final class DecoderPositions {
    private DecoderPositions() {}

    /** [1, T] holding past, past+1, …, past+T-1 (broadcast over the batch). */
    public static Tensor range(int past, int t) {
        long[] p = new long[t];
        for (int i = 0; i < t; i++) p[i] = past + i;
        return Tensor.ofLongs(p, 1, t);
    }

    /**
     * generate()'s positions for a (left-)padded batch: cumsum(mask) - 1 over the full mask [B, S], with pads set
     * to 1, keeping the last T columns.
     */
    public static Tensor fromMask(Tensor attentionMask, int t) {
        int b = attentionMask.size(0), s = attentionMask.size(1);
        long[] out = new long[b * t];
        for (int i = 0; i < b; i++) {
            long sum = 0;
            for (int j = 0; j < s; j++) {
                long m = attentionMask.getLong(i, j);
                sum += m;
                if (j >= s - t) out[i * t + j - (s - t)] = m == 0 ? 1 : sum - 1;
            }
        }
        return Tensor.ofLongs(out, b, t);
    }

    /** Checks every position lies in [0, limit). */
    public static void check(Tensor positions, int limit, String field) {
        long[] v = positions.toLongArray();
        for (int i = 0; i < v.length; i++)
            if (v[i] < 0 || v[i] >= limit)
                throw new IllegalArgumentException("position_ids: value " + v[i] + " at flat position " + i + " is outside [0, " + limit + ") (" + field + ")");
    }
}
