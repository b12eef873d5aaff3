package org.peft4j.transformer.models.gpt2;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.Gpt2Config;
import org.peft4j.transformer.nn.Activation;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.transformer.nn.KvCache;
import org.peft4j.transformer.nn.LayerNorm;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Module;

/** {@code h.N}: pre-norm block x + attn(ln_1(x)), then + mlp(ln_2(x)). */
public final class Gpt2Block extends Module {
    private final Child<LayerNorm> ln1, ln2;
    private final Child<Gpt2Attention> attn;
    private final Child<Mlp> mlp;

    /** {@code mlp}: c_proj(act(c_fc(x))) then dropout. */
    public static final class Mlp extends Module {
        private final Child<Layer> cFc, cProj;
        private final Child<Dropout> dropout;
        private final Activation act;

        Mlp(String path, Gpt2Config cfg, WeightSource w) {
            super(path);
            cFc = addChild("c_fc", Layer.class, Gpt2Attention.conv(path, "c_fc", cfg.hiddenSize(), cfg.intermediateSize(), w));
            cProj = addChild("c_proj", Layer.class, Gpt2Attention.conv(path, "c_proj", cfg.intermediateSize(), cfg.hiddenSize(), w));
            dropout = addChild("dropout", new Dropout(join(path, "dropout"), (float) cfg.residPdrop()));
            act = Activation.fromConfig("activation_function", cfg.activation());
        }

        public Var forward(Var x) { return dropout.get().forward(cProj.get().forward(act.apply(cFc.get().forward(x)))); }
    }

    public Gpt2Block(String path, int index, Gpt2Config cfg, WeightSource w) {
        super(path);
        int h = cfg.hiddenSize();
        ln1 = addChild("ln_1", norm(join(path, "ln_1"), h, cfg, w));
        attn = addChild("attn", new Gpt2Attention(join(path, "attn"), index, cfg, w));
        ln2 = addChild("ln_2", norm(join(path, "ln_2"), h, cfg, w));
        mlp = addChild("mlp", new Mlp(join(path, "mlp"), cfg, w));
    }

    static LayerNorm norm(String path, int h, Gpt2Config cfg, WeightSource w) {
        return new LayerNorm(path, w.get(path + ".weight", h), w.get(path + ".bias", h), (float) cfg.layerNormEpsilon(), w.trainable());
    }

    public AttentionMath.Result forward(Var x, Tensor mask, KvCache cache) {
        AttentionMath.Result a = attn.get().forward(ln1.get().forward(x), mask, cache);
        Var h = F.add(x, a.context());
        h = F.add(h, mlp.get().forward(ln2.get().forward(h)));
        return new AttentionMath.Result(h, a.probs());
    }
}
