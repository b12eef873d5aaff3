package org.peft4j.transformer.models.bert;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.models.ConfigViews;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;

import java.util.ArrayList;
import java.util.List;

/** transformers' BertModel: {@code embeddings}, {@code encoder.layer.N}, optional {@code pooler}. */
public class BertModel extends TransformerModel {
    private final EncoderConfig cfg;
    private final Child<BertEmbeddings> embeddings;
    private final Child<BertEncoder> encoder;
    private final Child<BertPooler> pooler;

    /** @param path "" for a bare model, "bert"/"roberta" inside a head model */
    public BertModel(String path, EncoderConfig cfg, WeightSource w, boolean withPooler) {
        super(path);
        this.cfg = cfg;
        embeddings = addChild("embeddings", new BertEmbeddings(join(path, "embeddings"), cfg, w));
        encoder = addChild("encoder", new BertEncoder(join(path, "encoder"), cfg, w));
        pooler = withPooler ? addChild("pooler", new BertPooler(join(path, "pooler"), cfg, w)) : null;
    }

    public EncoderConfig config() { return cfg; }

    @Override
    public ModelOutput forward(ModelInput in) {
        if (in.cache() != null) throw new IllegalArgumentException(architecture() + " is an encoder: it takes no KV cache");
        validate(in, 0);
        Tensor mask = AttentionMath.paddingMask(in.attentionMask());
        Var h = embeddings.get().forward(in.inputIds(), in.tokenTypeIds(), in.positionIds());
        List<Var> hidden = in.outputHiddenStates() ? new ArrayList<>() : null;
        List<Var> attentions = in.outputAttentions() ? new ArrayList<>() : null;
        BertEncoder enc = encoder.get();
        for (int i = 0; i < enc.size(); i++) {
            if (hidden != null) hidden.add(h);
            // the pooler and RoBERTa's head read the first token only: the last layer can skip the other query rows
            boolean firstTokenOnly = in.lastLayerHeadRowsOnly() && i == enc.size() - 1;
            AttentionMath.Result r = firstTokenOnly ? enc.layer(i).forward(F.narrow(h, 1, 0, 1), h, mask) : enc.layer(i).forward(h, mask);
            h = r.context();
            if (attentions != null) attentions.add(r.probs());
        }
        if (hidden != null) hidden.add(h);
        Var pooled = pooler == null ? null : pooler.get().forward(h);
        return new ModelOutput(h, hidden, attentions, pooled, null, null);
    }

    @Override public String modelType() { return cfg.modelType(); }
    @Override public String architecture() { return ConfigViews.isRoberta(cfg) ? "RobertaModel" : "BertModel"; }
    @Override public int vocabSize() { return cfg.vocabSize(); }
    @Override public int hiddenSize() { return cfg.hiddenSize(); }
    @Override public int numLayers() { return cfg.numHiddenLayers(); }

    /** RoBERTa positions start after padding_idx, so fewer tokens fit than position embeddings exist. */
    @Override public int maxPositions() { return ConfigViews.isRoberta(cfg) ? cfg.maxPositionEmbeddings() - ConfigViews.paddingIdx(cfg) - 1 : cfg.maxPositionEmbeddings(); }

    @Override public boolean hasHead() { return false; }
}
