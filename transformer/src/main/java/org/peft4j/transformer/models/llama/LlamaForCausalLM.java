package org.peft4j.transformer.models.llama;

import org.peft4j.autograd.Var;
import org.peft4j.transformer.models.CausalLanguageModel;
import org.peft4j.transformer.models.HeadLosses;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.KvCache;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Linear;

import java.util.List;

/** {@code model} and {@code lm_head} (its own weight, or {@code model.embed_tokens.weight} when tie_word_embeddings). */
public final class LlamaForCausalLM extends TransformerModel implements CausalLanguageModel {
    private final LlamaConfig cfg;
    private final Child<LlamaModel> model;
    private final Child<Layer> lmHead;

    public LlamaForCausalLM(LlamaConfig cfg, WeightSource w) {
        super("");
        this.cfg = cfg;
        model = addChild("model", new LlamaModel("model", cfg, w));
        Linear head = cfg.tieWordEmbeddings()
                ? new Linear("lm_head", model.get().embedTokens().weight())
                : new Linear("lm_head", w.get("lm_head.weight", cfg.vocabSize(), cfg.hiddenSize()), null, w.trainable());
        lmHead = addChild("lm_head", Layer.class, head);
    }

    public LlamaModel body() { return model.get(); }

    @Override
    public ModelOutput forward(ModelInput in) {
        ModelOutput out = model.get().forward(in);
        Var logits = lmHead.get().forward(out.lastHiddenState());
        Var loss = in.labels() == null ? null : HeadLosses.causalLm(logits, in.labels());
        return out.withHead(logits, loss);
    }

    @Override public KvCache newCache(int batch, int capacity) { return model.get().newCache(batch, capacity); }
    @Override public List<Integer> eosTokenIds() { return cfg.tokens().eos(); }
    @Override public String modelType() { return "llama"; }
    @Override public String architecture() { return "LlamaForCausalLM"; }
    @Override public int vocabSize() { return cfg.vocabSize(); }
    @Override public int hiddenSize() { return cfg.hiddenSize(); }
    @Override public int numLayers() { return cfg.numHiddenLayers(); }
    @Override public int maxPositions() { return cfg.maxPositionEmbeddings(); }
    @Override public boolean hasHead() { return true; }
}
