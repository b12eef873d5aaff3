package org.peft4j.transformer.models.bert;

import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.transformer.nn.Activation;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Module;

/** One encoder layer: attention, then the GELU MLP {@code intermediate.dense} → {@code output.dense} with residual LayerNorm. */
public final class BertLayer extends Module {
    private final Child<BertAttention> attention;
    private final Child<Intermediate> intermediate;
    private final Child<BertResidualOutput> output;

    /** {@code intermediate}: act(dense(x)). */
    public static final class Intermediate extends Module {
        private final Child<Layer> dense;
        private final Activation act;

        Intermediate(String path, EncoderConfig cfg, WeightSource w) {
            super(path);
            dense = addChild("dense", Layer.class, BertSelfAttention.linear(path, "dense", cfg.hiddenSize(), cfg.intermediateSize(), w));
            act = Activation.fromConfig("hidden_act", cfg.hiddenAct());
        }

        public Var forward(Var x) { return act.apply(dense.get().forward(x)); }
    }

    public BertLayer(String path, EncoderConfig cfg, WeightSource w) {
        super(path);
        attention = addChild("attention", new BertAttention(join(path, "attention"), cfg, w));
        intermediate = addChild("intermediate", new Intermediate(join(path, "intermediate"), cfg, w));
        output = addChild("output", new BertResidualOutput(join(path, "output"), cfg.intermediateSize(), cfg, w));
    }

    public AttentionMath.Result forward(Var x, Tensor mask) { return forward(x, x, mask); }

    /**
     * The layer's output for the query rows xq [B, Tq, H] only, attending over all rows x [B, T, H]: keys and
     * values need every row, the query, attention output and MLP only the rows asked for.
     */
    public AttentionMath.Result forward(Var xq, Var x, Tensor mask) {
        AttentionMath.Result a = attention.get().forward(xq, x, mask);
        Var h = a.context();
        return new AttentionMath.Result(output.get().forward(intermediate.get().forward(h), h), a.probs());
    }
}
