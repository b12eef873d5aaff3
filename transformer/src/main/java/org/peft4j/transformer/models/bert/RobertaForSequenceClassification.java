package org.peft4j.transformer.models.bert;

import org.peft4j.autograd.F;
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
import org.peft4j.transformer.nn.Module;

/**
 * {@code roberta} (no pooler) and RoBERTa's classification head on the {@code <s>} token:
 * {@code classifier.out_proj}(dropout(tanh({@code classifier.dense}(dropout(h[:, 0]))))).
 */
public final class RobertaForSequenceClassification extends TransformerModel {
    private final EncoderConfig cfg;
    private final Child<BertModel> roberta;
    private final Child<ClassificationHead> classifier;

    /** {@code classifier}: dense → tanh → out_proj, with dropout before each projection. */
    public static final class ClassificationHead extends Module {
        private final Child<Layer> dense, outProj;
        private final Child<Dropout> dropout;

        ClassificationHead(String path, EncoderConfig cfg, WeightSource w) {
            super(path);
            int h = cfg.hiddenSize(), n = cfg.labels().numLabels();
            float std = (float) cfg.initializerRange();
            dense = addChild("dense", Layer.class, new Linear(join(path, "dense"), w.getOrInit(join(path, "dense.weight"), std, h, h),
                    w.getOrInit(join(path, "dense.bias"), 0, h), w.trainable()));
            dropout = addChild("dropout", new Dropout(join(path, "dropout"), ConfigViews.classifierDropout(cfg)));
            outProj = addChild("out_proj", Layer.class, new Linear(join(path, "out_proj"), w.getOrInit(join(path, "out_proj.weight"), std, n, h),
                    w.getOrInit(join(path, "out_proj.bias"), 0, n), w.trainable()));
        }

        public Var forward(Var hidden) {
            Var x = dropout.get().forward(F.select(hidden, 1, 0));
            x = F.tanh(dense.get().forward(x));
            return outProj.get().forward(dropout.get().forward(x));
        }
    }

    public RobertaForSequenceClassification(EncoderConfig cfg, WeightSource w) {
        super("");
        this.cfg = cfg;
        roberta = addChild("roberta", new RobertaModel("roberta", cfg, w, false));
        classifier = addChild("classifier", new ClassificationHead("classifier", cfg, w));
    }

    public BertModel body() { return roberta.get(); }

    @Override
    public ModelOutput forward(ModelInput in) {
        ModelOutput out = roberta.get().forward(in);
        Var logits = classifier.get().forward(out.lastHiddenState());
        Var loss = in.labels() == null ? null : HeadLosses.sequenceClassification(logits, in.labels(), cfg.labels().numLabels(), cfg.labels().problemType());
        return out.withHead(logits, loss);
    }

    public int numLabels() { return cfg.labels().numLabels(); }
    @Override public String modelType() { return cfg.modelType(); }
    @Override public String architecture() { return "RobertaForSequenceClassification"; }
    @Override public int vocabSize() { return cfg.vocabSize(); }
    @Override public int hiddenSize() { return cfg.hiddenSize(); }
    @Override public int numLayers() { return cfg.numHiddenLayers(); }
    @Override public int maxPositions() { return roberta.get().maxPositions(); }
    @Override public boolean hasHead() { return true; }
}
