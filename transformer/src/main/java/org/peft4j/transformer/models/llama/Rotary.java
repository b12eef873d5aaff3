package org.peft4j.transformer.models.llama;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rotary position embedding (rotate-half) of [B, heads, T, D] with per-row positions [B or 1, T]. */
final class Rotary {
    private Rotary() {}

    static Var apply(Var x, Tensor positions, double theta) {
        int b = x.size(0), t = x.size(2);
        int[][] rows = new int[positions.size(0)][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new int[t];
            for (int j = 0; j < t; j++) rows[i][j] = Math.toIntExact(positions.getLong(i, j));
        }
        boolean shared = true;
        for (int[] r : rows) shared &= Arrays.equals(r, rows[0]);
        if (shared) return F.rope(x, rows[0], theta);
        // left-padded batches: each row has its own positions
        List<Var> parts = new ArrayList<>(b);
        for (int i = 0; i < b; i++) parts.add(F.rope(F.narrow(x, 0, i, 1), rows[i], theta));
        return F.concat(0, parts.toArray(Var[]::new));
    }
}
