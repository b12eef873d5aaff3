package org.peft4j.transformer.models.llama;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;

/** Rotary position embedding (rotate-half) of [B, heads, T, D] at positions [B or 1, T]. */
final class Rotary {
    private Rotary() {}

    static Var apply(Var x, Tensor positions, double theta) {
        return F.rope(x, positions, (float) theta);
    }
}
