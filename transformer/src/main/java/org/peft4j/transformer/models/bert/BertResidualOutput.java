package org.peft4j.transformer.models.bert;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.transformer.nn.LayerNorm;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Module;

/** LayerNorm(dropout(dense(x)) + residual): HF's BertSelfOutput ({@code attention.output}) and BertOutput ({@code output}). */
public final class BertResidualOutput extends Module {
    private final Child<Layer> dense;
    private final Child<Dropout> dropout;
    private final Child<LayerNorm> norm;

    public BertResidualOutput(String path, int in, EncoderConfig cfg, WeightSource w) {
        super(path);
        int h = cfg.hiddenSize();
        dense = addChild("dense", Layer.class, BertSelfAttention.linear(path, "dense", in, h, w));
        norm = addChild("LayerNorm", new LayerNorm(join(path, "LayerNorm"), w.get(join(path, "LayerNorm.weight"), h),
                w.get(join(path, "LayerNorm.bias"), h), (float) cfg.layerNormEps(), w.trainable()));
        dropout = addChild("dropout", new Dropout(join(path, "dropout"), (float) cfg.hiddenDropoutProb()));
    }

    public Var forward(Var x, Var residual) {
        return norm.get().forward(F.add(dropout.get().forward(dense.get().forward(x)), residual));
    }
}
