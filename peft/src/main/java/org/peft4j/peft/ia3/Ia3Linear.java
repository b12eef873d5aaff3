package org.peft4j.peft.ia3;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.peft.BaseWeights;
import org.peft4j.peft.MergeInto;
import org.peft4j.peft.PeftLayer;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.LinearLayer;
import org.peft4j.transformer.nn.Module;

/**
 * An IA3-scaled dense layer, as PEFT's IA3 Linear: feed-forward layers compute {@code base(x ⊙ l)} with
 * {@code ia3_l} [1, in]; the others {@code base(x) ⊙ l} with {@code ia3_l} [out, 1] (bias included). The vector is
 * the parameter {@code <path>.ia3_l}, PEFT's file key without {@code base_model.model.}.
 * Merging scales the weight's input columns (feed-forward) or its output rows and the bias.
 */
public final class Ia3Linear extends Module implements PeftLayer {
    private final Child<LinearLayer> base;
    private final Parameter ia3;
    private final boolean feedforward;
    private MergeInto mergedAs;
    private Tensor originalWeight, originalBias;

    public Ia3Linear(LinearLayer base, boolean feedforward) {
        super(((Module) base).path());
        this.feedforward = feedforward;
        this.base = adoptChild("base_layer", LinearLayer.class, (Module) base);
        int n = feedforward ? base.inFeatures() : base.outFeatures();
        this.ia3 = addParameter("ia3_l", feedforward ? Tensor.ones(1, n) : Tensor.ones(n, 1), true);
    }

    @Override
    public Var forward(Var x) {
        if (mergedAs != null) return base.get().forward(x);
        Var l = F.reshape(ia3, ia3.numel());
        return feedforward ? base.get().forward(F.mul(x, l)) : F.mul(base.get().forward(x), l);
    }

    /** The scaling vector ({@code ia3_l}). */
    public Parameter vector() { return ia3; }

    public boolean isFeedforward() { return feedforward; }

    @Override public LinearLayer baseLayer() { return base.get(); }
    @Override public boolean isMergeable() { return true; }
    @Override public boolean isMerged() { return mergedAs != null; }

    @Override
    public void merge(MergeInto into) {
        if (mergedAs != null) throw new IllegalStateException("IA3 layer '" + path() + "' is already merged");
        LinearLayer b = base.get();
        float[] l = ia3.value().toFloatArray();
        if (into == MergeInto.IN_PLACE) {
            BaseWeights.requireInPlace(b.weight(), "merging IA3 into '" + path() + "'");
            scaleWeight(b.weight().value(), l, false);
            if (!feedforward && b.bias() != null) {
                BaseWeights.requireInPlace(b.bias(), "merging IA3 into '" + path() + "'");
                scaleBias(b.bias().value(), l, false);
            }
        } else {
            originalWeight = b.weight().value();
            b.weight().setValue(BaseWeights.as(scaleWeight(originalWeight.copy(), l, false), into));
            if (!feedforward && b.bias() != null) {
                originalBias = b.bias().value();
                b.bias().setValue(BaseWeights.as(scaleBias(originalBias.copy(), l, false), into));
            }
        }
        mergedAs = into;
    }

    @Override
    public void unmerge() {
        if (mergedAs == null) throw new IllegalStateException("IA3 layer '" + path() + "' is not merged");
        LinearLayer b = base.get();
        if (mergedAs == MergeInto.IN_PLACE) {       // divide again, as PEFT does (eps guards a zero scale)
            float[] l = ia3.value().toFloatArray();
            scaleWeight(b.weight().value(), l, true);
            if (!feedforward && b.bias() != null) scaleBias(b.bias().value(), l, true);
        } else {
            b.weight().setValue(originalWeight);
            if (originalBias != null) b.bias().setValue(originalBias);
        }
        originalWeight = originalBias = null;
        mergedAs = null;
    }

    /** Scales (or unscales) the in-features (feed-forward) or out-features of a heap F32 weight in its stored layout. */
    private Tensor scaleWeight(Tensor w, float[] l, boolean divide) {
        float[] a = w.floatArray();
        int rows = w.size(0), cols = w.size(1);
        // stored [out, in]: columns are in-features; Conv1D [in, out]: rows are in-features
        boolean scaleColumns = feedforward != base.get().weightIsInOut();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                float s = l[scaleColumns ? j : i];
                a[i * cols + j] = divide ? a[i * cols + j] / (s + 1e-8f) : a[i * cols + j] * s;
            }
        return w;
    }

    private static Tensor scaleBias(Tensor bias, float[] l, boolean divide) {
        float[] a = bias.floatArray();
        for (int i = 0; i < a.length; i++) a[i] = divide ? a[i] / (l[i] + 1e-8f) : a[i] * l[i];
        return bias;
    }

    @Override public int inFeatures() { return base.get().inFeatures(); }
    @Override public int outFeatures() { return base.get().outFeatures(); }
    @Override public Parameter weight() { return base.get().weight(); }
    @Override public Parameter bias() { return base.get().bias(); }
    @Override public boolean weightIsInOut() { return base.get().weightIsInOut(); }
}
