package org.peft4j.transformer.models.bert;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Module;

/** {@code pooler}: tanh(dense(h[:, 0])), the first token's summary used by BERT's classifier. */
public final class BertPooler extends Module {
    private final Child<Layer> dense;

    public BertPooler(String path, EncoderConfig cfg, WeightSource w) {
        super(path);
        dense = addChild("dense", Layer.class, BertSelfAttention.linear(path, "dense", cfg.hiddenSize(), cfg.hiddenSize(), w));
    }

    public Var forward(Var hidden) { return F.tanh(dense.get().forward(F.select(hidden, 1, 0))); }
}
