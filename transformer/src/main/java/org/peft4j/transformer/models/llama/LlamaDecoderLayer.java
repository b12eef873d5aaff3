package org.peft4j.transformer.models.llama;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.transformer.nn.Activation;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.KvCache;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Module;
import org.peft4j.transformer.nn.RMSNorm;

/** {@code layers.N}: x + self_attn(input_layernorm(x)), then + mlp(post_attention_layernorm(x)). */
public final class LlamaDecoderLayer extends Module {
    private final Child<RMSNorm> inputNorm, postNorm;
    private final Child<LlamaAttention> selfAttn;
    private final Child<Mlp> mlp;

    /** {@code mlp}: SwiGLU down_proj(act(gate_proj(x)) ⊙ up_proj(x)). */
    public static final class Mlp extends Module {
        private final Child<Layer> gate, up, down;
        private final Activation act;

        Mlp(String path, LlamaConfig cfg, WeightSource w) {
            super(path);
            int h = cfg.hiddenSize(), i = cfg.intermediateSize();
            boolean bias = cfg.mlpBias();
            gate = addChild("gate_proj", Layer.class, LlamaAttention.linear(path, "gate_proj", h, i, bias, w));
            up = addChild("up_proj", Layer.class, LlamaAttention.linear(path, "up_proj", h, i, bias, w));
            down = addChild("down_proj", Layer.class, LlamaAttention.linear(path, "down_proj", i, h, bias, w));
            act = Activation.fromConfig("hidden_act", cfg.hiddenAct());
        }

        public Var forward(Var x) {
            return down.get().forward(F.mul(act.apply(gate.get().forward(x)), up.get().forward(x)));
        }
    }

    public LlamaDecoderLayer(String path, int index, LlamaConfig cfg, WeightSource w) {
        super(path);
        selfAttn = addChild("self_attn", new LlamaAttention(join(path, "self_attn"), index, cfg, w));
        mlp = addChild("mlp", new Mlp(join(path, "mlp"), cfg, w));
        inputNorm = addChild("input_layernorm", norm(join(path, "input_layernorm"), cfg, w));
        postNorm = addChild("post_attention_layernorm", norm(join(path, "post_attention_layernorm"), cfg, w));
    }

    static RMSNorm norm(String path, LlamaConfig cfg, WeightSource w) {
        return new RMSNorm(path, w.get(path + ".weight", cfg.hiddenSize()), (float) cfg.rmsNormEps(), w.trainable());
    }

    public AttentionMath.Result forward(Var x, Tensor positions, Tensor mask, KvCache cache) {
        AttentionMath.Result a = selfAttn.get().forward(inputNorm.get().forward(x), positions, mask, cache);
        Var h = F.add(x, a.context());
        h = F.add(h, mlp.get().forward(postNorm.get().forward(h)));
        return new AttentionMath.Result(h, a.probs());
    }
}
