package org.peft4j.transformer.models.bert;

import org.peft4j.autograd.Var;
import org.peft4j.transformer.models.HeadLosses;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.models.ConfigViews;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Linear;

/** {@code bert} (with pooler), then {@code classifier}(dropout(pooler_output)); loss per transformers' problem_type rule. */
public final class BertForSequenceClassification extends TransformerModel {
    private final EncoderConfig cfg;
    private final Child<BertModel> bert;
    private final Child<Dropout> dropout;
    private final Child<Layer> classifier;

    public BertForSequenceClassification(EncoderConfig cfg, WeightSource w) {
        super("");
        this.cfg = cfg;
        bert = addChild("bert", new BertModel("bert", cfg, w, true));
        dropout = addChild("dropout", new Dropout("dropout", ConfigViews.classifierDropout(cfg)));
        int h = cfg.hiddenSize(), n = cfg.labels().numLabels();
        classifier = addChild("classifier", Layer.class, new Linear("classifier",
                w.getOrInit("classifier.weight", (float) cfg.initializerRange(), n, h), w.getOrInit("classifier.bias", 0, n), w.trainable()));
    }

    public BertModel body() { return bert.get(); }

    @Override
    public ModelOutput forward(ModelInput in) {
        ModelOutput out = bert.get().forward(in);
        Var logits = classifier.get().forward(dropout.get().forward(out.poolerOutput()));
        Var loss = in.labels() == null ? null : HeadLosses.sequenceClassification(logits, in.labels(), cfg.labels().numLabels(), cfg.labels().problemType());
        return out.withHead(logits, loss);
    }

    public int numLabels() { return cfg.labels().numLabels(); }
    @Override public String modelType() { return cfg.modelType(); }
    @Override public String architecture() { return "BertForSequenceClassification"; }
    @Override public int vocabSize() { return cfg.vocabSize(); }
    @Override public int hiddenSize() { return cfg.hiddenSize(); }
    @Override public int numLayers() { return cfg.numHiddenLayers(); }
    @Override public int maxPositions() { return bert.get().maxPositions(); }
    @Override public boolean hasHead() { return true; }
}
