package org.peft4j.transformer.models.llama;

import org.peft4j.autograd.Tape;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.KvCache;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Linear;
import org.peft4j.transformer.nn.Module;

/** {@code self_attn}: causal grouped-query attention with RoPE on q and k; projections q/k/v/o_proj are replaceable. */
public final class LlamaAttention extends Module {
    private final Child<Layer> qProj, kProj, vProj, oProj;
    private final int heads, kvHeads, layerIndex;
    private final double theta;
    private final float scale;

    public LlamaAttention(String path, int layerIndex, LlamaConfig cfg, WeightSource w) {
        super(path);
        int h = cfg.hiddenSize(), d = cfg.headDim();
        boolean bias = cfg.attentionBias();
        qProj = addChild("q_proj", Layer.class, linear(path, "q_proj", h, cfg.numAttentionHeads() * d, bias, w));
        kProj = addChild("k_proj", Layer.class, linear(path, "k_proj", h, cfg.numKeyValueHeads() * d, bias, w));
        vProj = addChild("v_proj", Layer.class, linear(path, "v_proj", h, cfg.numKeyValueHeads() * d, bias, w));
        oProj = addChild("o_proj", Layer.class, linear(path, "o_proj", cfg.numAttentionHeads() * d, h, bias, w));
        this.heads = cfg.numAttentionHeads();
        this.kvHeads = cfg.numKeyValueHeads();
        this.layerIndex = layerIndex;
        this.theta = cfg.ropeTheta();
        this.scale = (float) (1 / Math.sqrt(d));
    }

    static Linear linear(String parent, String local, int in, int out, boolean bias, WeightSource w) {
        String p = join(parent, local);
        return new Linear(p, w.get(p + ".weight", out, in), bias ? w.get(p + ".bias", out) : null, w.trainable());
    }

    /** @param positions [B or 1, T]; @param mask additive [B, 1, 1, past + T] or null */
    public AttentionMath.Result forward(Var x, Tensor positions, Tensor mask, KvCache cache) {
        Var q = Rotary.apply(AttentionMath.splitHeads(qProj.get().forward(x), heads), positions, theta);
        Var k = Rotary.apply(AttentionMath.splitHeads(kProj.get().forward(x), kvHeads), positions, theta);
        Var v = AttentionMath.splitHeads(vProj.get().forward(x), kvHeads);
        if (cache != null) {
            if (Tape.anyRequiresGrad(k, v))
                throw new IllegalStateException("KV cache is for inference: run generation under GradMode.noGrad()");
            Tensor[] kv = cache.append(layerIndex, k.value(), v.value());
            k = Var.constant(kv[0]);
            v = Var.constant(kv[1]);
        }
        AttentionMath.Result r = AttentionMath.attend(q, k, v, mask, true, scale, null);
        return new AttentionMath.Result(oProj.get().forward(AttentionMath.mergeHeads(r.context())), r.probs());
    }
}
