package org.peft4j.transformer.nn;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * Scaled dot-product attention over heads: softmax(q·kᵀ·scale + mask)·v, with multi-head and grouped-query
 * heads, an additive padding mask and a causal mask. Written with differentiable ops so training and inference
 * share it; a fused kernel can replace the body later without changing callers.
 */
public final class AttentionMath {
    private AttentionMath() {}

    /** The context [B, H, Tq, D] and the attention probabilities [B, H, Tq, Tk]. */
    public record Result(Var context, Var probs) {}

    /**
     * @param q       queries [B, H, Tq, D]
     * @param k       keys [B, Hkv, Tk, D], H a multiple of Hkv (query head h reads key/value head h / (H/Hkv))
     * @param v       values [B, Hkv, Tk, D]
     * @param mask    additive mask broadcastable to [B, H, Tq, Tk] (e.g. [B, 1, 1, Tk] from {@link #paddingMask}), or null
     * @param causal  hide key j from query i when j > i + (Tk - Tq) (queries are the last Tq positions)
     * @param scale   multiplies the scores (1/√D usually)
     * @param dropout applied to the probabilities (active only in training), or null
     */
    public static Result attend(Var q, Var k, Var v, Tensor mask, boolean causal, float scale, Dropout dropout) {
        if (q.dim() != 4 || k.dim() != 4 || v.dim() != 4)
            throw new IllegalArgumentException("attention: q, k, v must be [B, heads, T, D], found " + Shapes.str(q.shape())
                    + ", " + Shapes.str(k.shape()) + ", " + Shapes.str(v.shape()));
        int b = q.size(0), h = q.size(1), tq = q.size(2), d = q.size(3);
        int hkv = k.size(1), tk = k.size(2);
        if (k.size(0) != b || k.size(3) != d || !java.util.Arrays.equals(k.shape(), v.shape()) || h % hkv != 0)
            throw new IllegalArgumentException("attention: keys " + Shapes.str(k.shape()) + " / values " + Shapes.str(v.shape())
                    + " do not fit queries " + Shapes.str(q.shape()) + " (need [B, kvHeads dividing heads, Tk, D])");
        int rep = h / hkv;
        Var scores;
        if (rep == 1) {
            scores = F.matmul(q, F.transpose(k, -1, -2));
        } else {
            // GQA without copying keys: [B, Hkv, rep, Tq, D] · [B, Hkv, 1, D, Tk] broadcasts over the group
            Var q5 = F.reshape(q, b, hkv, rep, tq, d);
            Var kT5 = F.unsqueeze(F.transpose(k, -1, -2), 2);
            scores = F.reshape(F.matmul(q5, kT5), b, h, tq, tk);
        }
        scores = F.mulScalar(scores, scale);
        Var probs = F.softmax(scores, mask, causal);
        Var p = dropout == null ? probs : dropout.forward(probs);
        Var context;
        if (rep == 1) {
            context = F.matmul(p, v);
        } else {
            Var p5 = F.reshape(p, b, hkv, rep, tq, tk);
            context = F.reshape(F.matmul(p5, F.unsqueeze(v, 2)), b, h, tq, d);
        }
        return new Result(context, probs);
    }

    /** Value added to the scores of masked keys: float32's most negative finite number, as transformers uses. */
    public static final float MASKED = -Float.MAX_VALUE;

    /**
     * The additive mask [B, 1, 1, Tk] of an attention_mask [B, Tk] (1 = attend, 0 = padding): 0 where attended,
     * {@link #MASKED} where not. Returns null when mask is null.
     */
    public static Tensor paddingMask(Tensor attentionMask) {
        if (attentionMask == null) return null;
        if (attentionMask.dim() != 2)
            throw new IllegalArgumentException("attention_mask must be [batch, seq], found shape " + Shapes.str(attentionMask.shape()));
        int b = attentionMask.size(0), t = attentionMask.size(1);
        float[] out = new float[b * t];
        for (int i = 0; i < b; i++)
            for (int j = 0; j < t; j++) {
                long m = attentionMask.getLong(i, j);
                if (m != 0 && m != 1)
                    throw new IllegalArgumentException("attention_mask must hold 0 or 1, found " + m + " at [" + i + ", " + j + "]");
                out[i * t + j] = m == 1 ? 0f : MASKED;
            }
        return Tensor.of(out, b, 1, 1, t);
    }

    /** [B, H, T, D] → [B, T, H·D] (merging heads back into features). */
    public static Var mergeHeads(Var x) {
        int b = x.size(0), h = x.size(1), t = x.size(2), d = x.size(3);
        return F.reshape(F.permute(x, 0, 2, 1, 3), b, t, h * d);
    }

    /** [B, T, H·D] → [B, H, T, D] (a view). */
    public static Var splitHeads(Var x, int heads) {
        int b = x.size(0), t = x.size(1), f = x.size(2);
        if (f % heads != 0) throw new IllegalArgumentException("splitHeads: " + f + " features do not split into " + heads + " heads");
        return F.permute(F.reshape(x, b, t, heads, f / heads), 0, 2, 1, 3);
    }
}
