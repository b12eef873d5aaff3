package org.peft4j.transformer.models.bert;

import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.transformer.nn.AttentionMath;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Linear;
import org.peft4j.transformer.nn.Module;

/** Bidirectional multi-head attention with separate query/key/value projections (replaceable slots). */
public final class BertSelfAttention extends Module {
    private final Child<Layer> query, key, value;
    private final Child<Dropout> dropout;
    private final int heads;
    private final float scale;

    public BertSelfAttention(String path, EncoderConfig cfg, WeightSource w) {
        super(path);
        int h = cfg.hiddenSize();
        query = addChild("query", Layer.class, linear(path, "query", h, h, w));
        key = addChild("key", Layer.class, linear(path, "key", h, h, w));
        value = addChild("value", Layer.class, linear(path, "value", h, h, w));
        dropout = addChild("dropout", new Dropout(join(path, "dropout"), (float) cfg.attentionProbsDropoutProb()));
        heads = cfg.numAttentionHeads();
        scale = (float) (1 / Math.sqrt(cfg.headDim()));
    }

    static Linear linear(String parent, String local, int in, int out, WeightSource w) {
        String p = join(parent, local);
        return new Linear(p, w.get(p + ".weight", out, in), w.get(p + ".bias", out), w.trainable());
    }

    /** @param mask additive [B, 1, 1, T] or null; returns the merged context [B, T, H] and the probabilities */
    public AttentionMath.Result forward(Var x, Tensor mask) { return forward(x, x, mask); }

    /**
     * Attention of the query rows xq [B, Tq, H] over all rows x [B, T, H] (xq = x normally; the first token only
     * when the last layer runs for a classification head): returns the context [B, Tq, H] and the probabilities.
     */
    public AttentionMath.Result forward(Var xq, Var x, Tensor mask) {
        Var q = AttentionMath.splitHeads(query.get().forward(xq), heads);
        Var k = AttentionMath.splitHeads(key.get().forward(x), heads);
        Var v = AttentionMath.splitHeads(value.get().forward(x), heads);
        AttentionMath.Result r = AttentionMath.attend(q, k, v, mask, false, scale, dropout.get());
        return new AttentionMath.Result(AttentionMath.mergeHeads(r.context()), r.probs());
    }
}
