package org.peft4j.transformer.models.gpt2;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Tape;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.Gpt2Config;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Conv1D;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.transformer.nn.KvCache;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Module;

/** {@code attn}: causal attention with q, k, v packed in {@code c_attn} (Conv1D [H, 3H]) and output {@code c_proj}. */
public final class Gpt2Attention extends Module {
    private final Child<Layer> cAttn, cProj;
    private final Child<Dropout> attnDropout, residDropout;
    private final int heads, hidden, layerIndex;
    private final float scale;

    public Gpt2Attention(String path, int layerIndex, Gpt2Config cfg, WeightSource w) {
        super(path);
        int h = cfg.hiddenSize();
        cAttn = addChild("c_attn", Layer.class, conv(path, "c_attn", h, 3 * h, w));
        cProj = addChild("c_proj", Layer.class, conv(path, "c_proj", h, h, w));
        attnDropout = addChild("attn_dropout", new Dropout(join(path, "attn_dropout"), (float) cfg.attnPdrop()));
        residDropout = addChild("resid_dropout", new Dropout(join(path, "resid_dropout"), (float) cfg.residPdrop()));
        this.heads = cfg.numAttentionHeads();
        this.hidden = h;
        this.layerIndex = layerIndex;
        double s = cfg.scaleAttnWeights() ? 1 / Math.sqrt(cfg.headDim()) : 1;
        if (cfg.scaleAttnByInverseLayerIdx()) s /= layerIndex + 1;
        this.scale = (float) s;
    }

    static Conv1D conv(String parent, String local, int in, int out, WeightSource w) {
        String p = join(parent, local);
        return new Conv1D(p, w.get(p + ".weight", in, out), w.get(p + ".bias", out), w.trainable());
    }

    /** @param mask additive [B, 1, 1, past + T] or null; @param cache appended to when not null */
    public AttentionMath.Result forward(Var x, Tensor mask, KvCache cache) {
        Var qkv = cAttn.get().forward(x);
        Var q = AttentionMath.splitHeads(F.narrow(qkv, 2, 0, hidden), heads);
        Var k = AttentionMath.splitHeads(F.narrow(qkv, 2, hidden, hidden), heads);
        Var v = AttentionMath.splitHeads(F.narrow(qkv, 2, 2 * hidden, hidden), heads);
        if (cache != null) {
            if (Tape.anyRequiresGrad(k, v))
                throw new IllegalStateException("KV cache is for inference: run generation under GradMode.noGrad()");
            Tensor[] kv = cache.append(layerIndex, k.value(), v.value());
            k = Var.constant(kv[0]);
            v = Var.constant(kv[1]);
        }
        AttentionMath.Result r = AttentionMath.attend(q, k, v, mask, true, scale, attnDropout.get());
        Var out = residDropout.get().forward(cProj.get().forward(AttentionMath.mergeHeads(r.context())));
        return new AttentionMath.Result(out, r.probs());
    }
}
