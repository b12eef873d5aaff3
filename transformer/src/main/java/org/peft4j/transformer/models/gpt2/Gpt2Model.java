package org.peft4j.transformer.models.gpt2;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.DecoderPositions;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.Gpt2Config;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.transformer.nn.Embedding;
import org.peft4j.transformer.nn.KvCache;
import org.peft4j.transformer.nn.LayerNorm;
import org.peft4j.transformer.nn.ModuleList;

import java.util.ArrayList;
import java.util.List;

/** transformers' GPT2Model: {@code wte}, {@code wpe}, {@code drop}, blocks {@code h.N}, final {@code ln_f}. */
public final class Gpt2Model extends TransformerModel {
    private final Gpt2Config cfg;
    private final Child<Embedding> wte, wpe;
    private final Child<Dropout> drop;
    private final ModuleList<Gpt2Block> blocks;
    private final Child<LayerNorm> lnF;

    /** @param path "" for a bare model, "transformer" inside GPT2LMHeadModel */
    public Gpt2Model(String path, Gpt2Config cfg, WeightSource w) {
        super(path);
        this.cfg = cfg;
        int h = cfg.hiddenSize();
        wte = addChild("wte", new Embedding(join(path, "wte"), w.get(join(path, "wte.weight"), cfg.vocabSize(), h), w.trainable()));
        wpe = addChild("wpe", new Embedding(join(path, "wpe"), w.get(join(path, "wpe.weight"), cfg.maxPositionEmbeddings(), h), w.trainable()));
        drop = addChild("drop", new Dropout(join(path, "drop"), (float) cfg.embdPdrop()));
        blocks = addChild("h", new ModuleList<>(join(path, "h"), Gpt2Block.class)).get();
        for (int i = 0; i < cfg.numHiddenLayers(); i++) blocks.add(new Gpt2Block(blocks.nextPath(), i, cfg, w));
        lnF = addChild("ln_f", Gpt2Block.norm(join(path, "ln_f"), h, cfg, w));
    }

    public Gpt2Config config() { return cfg; }

    public Embedding wte() { return wte.get(); }

    @Override
    public ModelOutput forward(ModelInput in) {
        KvCache cache = in.cache();
        int past = cache == null ? 0 : cache.length();
        validate(in, past);
        int t = in.seqLen();
        Tensor positions = in.positionIds() != null ? in.positionIds() : DecoderPositions.range(past, t);
        DecoderPositions.check(positions, cfg.maxPositionEmbeddings(), "n_positions");
        Tensor mask = AttentionMath.paddingMask(in.attentionMask());
        Var h = drop.get().forward(F.add(wte.get().forward(in.inputIds()), wpe.get().forward(positions)));
        List<Var> hidden = in.outputHiddenStates() ? new ArrayList<>() : null;
        List<Var> attentions = in.outputAttentions() ? new ArrayList<>() : null;
        for (int i = 0; i < blocks.size(); i++) {
            if (hidden != null) hidden.add(h);
            AttentionMath.Result r = blocks.get(i).forward(h, mask, cache);
            h = r.context();
            if (attentions != null) attentions.add(r.probs());
        }
        h = lnF.get().forward(h);
        if (hidden != null) hidden.add(h);
        return new ModelOutput(h, hidden, attentions, null, null, null);
    }

    public KvCache newCache(int batch, int capacity) {
        return new KvCache(cfg.numHiddenLayers(), batch, cfg.numAttentionHeads(), cfg.headDim(), capacity);
    }

    @Override public String modelType() { return "gpt2"; }
    @Override public String architecture() { return "GPT2Model"; }
    @Override public int vocabSize() { return cfg.vocabSize(); }
    @Override public int hiddenSize() { return cfg.hiddenSize(); }
    @Override public int numLayers() { return cfg.numHiddenLayers(); }
    @Override public int maxPositions() { return cfg.maxPositionEmbeddings(); }
    @Override public boolean hasHead() { return false; }
}
