package org.peft4j.transformer.models.bert;

import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Module;

/** {@code attention}: self-attention ({@code self}) then its residual output ({@code output}). */
public final class BertAttention extends Module {
    private final Child<BertSelfAttention> self;
    private final Child<BertResidualOutput> output;

    public BertAttention(String path, EncoderConfig cfg, WeightSource w) {
        super(path);
        self = addChild("self", new BertSelfAttention(join(path, "self"), cfg, w));
        output = addChild("output", new BertResidualOutput(join(path, "output"), cfg.hiddenSize(), cfg, w));
    }

    /** Returns the block output [B, T, H] and the attention probabilities. */
    public AttentionMath.Result forward(Var x, Tensor mask) { return forward(x, x, mask); }

    /** The block output for the query rows xq [B, Tq, H] (attending over all of x): [B, Tq, H]. */
    public AttentionMath.Result forward(Var xq, Var x, Tensor mask) {
        AttentionMath.Result r = self.get().forward(xq, x, mask);
        return new AttentionMath.Result(output.get().forward(r.context(), xq), r.probs());
    }
}
