package org.peft4j.transformer.models.llama;

import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.DecoderPositions;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Embedding;
import org.peft4j.transformer.nn.KvCache;
import org.peft4j.transformer.nn.ModuleList;
import org.peft4j.transformer.nn.RMSNorm;

import java.util.ArrayList;
import java.util.List;

/** transformers' LlamaModel: {@code embed_tokens}, {@code layers.N}, final {@code norm}. */
public final class LlamaModel extends TransformerModel {
    private final LlamaConfig cfg;
    private final Child<Embedding> embed;
    private final ModuleList<LlamaDecoderLayer> layers;
    private final Child<RMSNorm> norm;

    /** @param path "" for a bare model, "model" inside LlamaForCausalLM */
    public LlamaModel(String path, LlamaConfig cfg, WeightSource w) {
        super(path);
        this.cfg = cfg;
        embed = addChild("embed_tokens", new Embedding(join(path, "embed_tokens"),
                w.get(join(path, "embed_tokens.weight"), cfg.vocabSize(), cfg.hiddenSize()), w.trainable()));
        layers = addChild("layers", new ModuleList<>(join(path, "layers"), LlamaDecoderLayer.class)).get();
        for (int i = 0; i < cfg.numHiddenLayers(); i++) layers.add(new LlamaDecoderLayer(layers.nextPath(), i, cfg, w));
        norm = addChild("norm", LlamaDecoderLayer.norm(join(path, "norm"), cfg, w));
    }

    public LlamaConfig config() { return cfg; }

    public Embedding embedTokens() { return embed.get(); }

    @Override
    public ModelOutput forward(ModelInput in) {
        KvCache cache = in.cache();
        int past = cache == null ? 0 : cache.length();
        validate(in, past);
        int t = in.seqLen();
        Tensor positions = in.positionIds() != null ? in.positionIds() : DecoderPositions.range(past, t);
        DecoderPositions.check(positions, Integer.MAX_VALUE, "positions");
        Tensor mask = AttentionMath.paddingMask(in.attentionMask());
        Var h = embed.get().forward(in.inputIds());
        List<Var> hidden = in.outputHiddenStates() ? new ArrayList<>() : null;
        List<Var> attentions = in.outputAttentions() ? new ArrayList<>() : null;
        for (int i = 0; i < layers.size(); i++) {
            if (hidden != null) hidden.add(h);
            AttentionMath.Result r = layers.get(i).forward(h, positions, mask, cache);
            h = r.context();
            if (attentions != null) attentions.add(r.probs());
        }
        h = norm.get().forward(h);
        if (hidden != null) hidden.add(h);
        return new ModelOutput(h, hidden, attentions, null, null, null);
    }

    public KvCache newCache(int batch, int capacity) {
        return new KvCache(cfg.numHiddenLayers(), batch, cfg.numKeyValueHeads(), cfg.headDim(), capacity);
    }

    @Override public String modelType() { return "llama"; }
    @Override public String architecture() { return "LlamaModel"; }
    @Override public int vocabSize() { return cfg.vocabSize(); }
    @Override public int hiddenSize() { return cfg.hiddenSize(); }
    @Override public int numLayers() { return cfg.numHiddenLayers(); }
    @Override public int maxPositions() { return cfg.maxPositionEmbeddings(); }
    @Override public boolean hasHead() { return false; }
}
