package org.peft4j.transformer.models.gpt2;

import org.peft4j.autograd.Var;
import org.peft4j.transformer.models.CausalLanguageModel;
import org.peft4j.transformer.models.HeadLosses;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.Gpt2Config;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.KvCache;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Linear;

import java.util.List;

/** {@code transformer} and {@code lm_head}, whose weight is {@code transformer.wte.weight} (tied) unless the config unties it. */
public final class Gpt2LMHeadModel extends TransformerModel implements CausalLanguageModel {
    private final Gpt2Config cfg;
    private final Child<Gpt2Model> transformer;
    private final Child<Layer> lmHead;

    public Gpt2LMHeadModel(Gpt2Config cfg, WeightSource w) {
        super("");
        this.cfg = cfg;
        transformer = addChild("transformer", new Gpt2Model("transformer", cfg, w));
        Linear head = cfg.tieWordEmbeddings()
                ? new Linear("lm_head", transformer.get().wte().weight())
                : new Linear("lm_head", w.get("lm_head.weight", cfg.vocabSize(), cfg.hiddenSize()), null, w.trainable());
        lmHead = addChild("lm_head", Layer.class, head);
    }

    public Gpt2Model body() { return transformer.get(); }

    @Override
    public ModelOutput forward(ModelInput in) {
        ModelOutput out = transformer.get().forward(in);
        Var logits = lmHead.get().forward(out.lastHiddenState());
        Var loss = in.labels() == null ? null : HeadLosses.causalLm(logits, in.labels());
        return out.withHead(logits, loss);
    }

    @Override public KvCache newCache(int batch, int capacity) { return transformer.get().newCache(batch, capacity); }
    @Override public List<Integer> eosTokenIds() { return cfg.tokens().eos(); }
    @Override public String modelType() { return "gpt2"; }
    @Override public String architecture() { return "GPT2LMHeadModel"; }
    @Override public int vocabSize() { return cfg.vocabSize(); }
    @Override public int hiddenSize() { return cfg.hiddenSize(); }
    @Override public int numLayers() { return cfg.numHiddenLayers(); }
    @Override public int maxPositions() { return cfg.maxPositionEmbeddings(); }
    @Override public boolean hasHead() { return true; }
}
