package org.peft4j.peft.lora;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.peft.BaseWeights;
import org.peft4j.peft.MergeInto;
import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftLayer;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.transformer.nn.Linear;
import org.peft4j.transformer.nn.LinearLayer;
import org.peft4j.transformer.nn.Module;

/**
 * A LoRA-adapted dense layer: {@code y = base(x) + scale · B(A(dropout(x)))}.
 * <ul>
 *   <li>children, named as PEFT names them: {@code base_layer} (the frozen layer it replaced, whose weight and bias
 *       keep their Hugging Face names), {@code lora_dropout}, {@code lora_A} (a bias-free Linear, weight [r, in]) and
 *       {@code lora_B} (weight [out, r]), so the trainable parameters are {@code <path>.lora_A.weight} and
 *       {@code <path>.lora_B.weight} — PEFT's file keys without the {@code base_model.model.} prefix;</li>
 *   <li>a GPT-2 Conv1D base (weight stored [in, out], PEFT's fan_in_fan_out) uses the same A and B; only the merge
 *       transposes the update;</li>
 *   <li>the base weight is never written (unless merged IN_PLACE on request): merging makes a new tensor
 *       W + scale·B·A and unmerging restores the original one.</li>
 * </ul>
 */
public final class LoraLinear extends Module implements PeftLayer {
    private final Child<LinearLayer> base;
    private final Child<Dropout> dropout;
    private final Linear loraA, loraB;
    private final int r;
    private final float scale;
    private MergeInto mergedAs;
    private Tensor originalWeight;

    /**
     * Wraps {@code base} with fresh zero A and B (the caller initialises them, see {@link LoraInitializer}).
     *
     * @param scale lora_alpha / r (or / √r for rsLoRA)
     */
    public LoraLinear(LinearLayer base, int r, float scale, float dropoutP) {
        super(((Module) base).path());
        int in = base.inFeatures(), out = base.outFeatures();
        if (r < 1 || r > Math.min(in, out))
            throw new PeftConfigException("LoRA on '" + path() + "' (" + base.getClass().getSimpleName() + ", in " + in + ", out " + out
                    + "): rank r = " + r + " must be between 1 and min(in, out) = " + Math.min(in, out));
        this.r = r;
        this.scale = scale;
        this.base = adoptChild("base_layer", LinearLayer.class, (Module) base);
        this.dropout = addChild("lora_dropout", new Dropout(join(path(), "lora_dropout"), dropoutP));
        this.loraA = addChild("lora_A", new Linear(join(path(), "lora_A"), Tensor.zeros(r, in), null, true)).get();
        this.loraB = addChild("lora_B", new Linear(join(path(), "lora_B"), Tensor.zeros(out, r), null, true)).get();
    }

    @Override
    public Var forward(Var x) {
        Var y = base.get().forward(x);
        if (mergedAs != null) return y;
        // scale folded into B (an [out, r] product) instead of the [.., out] output: one pass less over the activations
        Var d = F.linear(F.linear(dropout.get().forward(x), loraA.weight(), null), F.mulScalar(loraB.weight(), scale), null);
        return F.add(y, d);
    }

    /** A [r, in]. */
    public Parameter loraA() { return loraA.weight(); }

    /** B [out, r]. */
    public Parameter loraB() { return loraB.weight(); }

    public int rank() { return r; }

    public float scale() { return scale; }

    /** The dropout on the adapter input. */
    public Dropout loraDropout() { return dropout.get(); }

    /**
     * The weight update scale·B·A in the base weight's stored layout ([out, in], or [in, out] for Conv1D), as a new
     * F32 tensor; added to {@code accumulateInto} when given (then written into it: a contiguous heap F32 tensor).
     * Each element is summed over the rank in a fixed order with plain float arithmetic, so the result is the same bit
     * for bit in every JVM and JIT tier: a FeDeRA client derives exactly the server's residual from the same A, B.
     */
    public Tensor deltaWeight(Tensor accumulateInto, float sign) {
        LinearLayer b = base.get();
        int in = b.inFeatures(), out = b.outFeatures();
        boolean inOut = b.weightIsInOut();
        Tensor c = accumulateInto != null ? accumulateInto : Tensor.zeros(inOut ? new int[]{in, out} : new int[]{out, in});
        if (!BaseWeights.isWritableF32(c)) throw new IllegalArgumentException("deltaWeight: target must be a contiguous heap F32 tensor");
        float[] cv = c.floatArray(), av = loraA.weight().value().toFloatArray(), bv = loraB.weight().value().toFloatArray();
        float s = sign * scale;
        if (!inOut) {                                        // c[i][j] += s · Σ_k B[i][k] · A[k][j]
            for (int i = 0; i < out; i++)
                for (int k = 0; k < r; k++) {
                    float f = s * bv[i * r + k];
                    for (int j = 0, row = i * in, ak = k * in; j < in; j++) cv[row + j] += f * av[ak + j];
                }
        } else {                                             // c[p][q] += s · Σ_k A[k][p] · B[q][k]
            float[] bt = new float[r * out];
            for (int q = 0; q < out; q++) for (int k = 0; k < r; k++) bt[k * out + q] = bv[q * r + k];
            for (int p = 0; p < in; p++)
                for (int k = 0; k < r; k++) {
                    float f = s * av[k * in + p];
                    for (int q = 0, row = p * out, bk = k * out; q < out; q++) cv[row + q] += f * bt[bk + q];
                }
        }
        return c;
    }

    @Override public LinearLayer baseLayer() { return base.get(); }
    @Override public boolean isMergeable() { return true; }
    @Override public boolean isMerged() { return mergedAs != null; }

    @Override
    public void merge(MergeInto into) {
        if (mergedAs != null) throw new IllegalStateException("LoRA layer '" + path() + "' is already merged");
        Parameter w = base.get().weight();
        if (into == MergeInto.IN_PLACE) {
            BaseWeights.requireInPlace(w, "merging LoRA into '" + path() + "'");
            deltaWeight(w.value(), 1f);
        } else {
            originalWeight = w.value();
            w.setValue(BaseWeights.as(deltaWeight(originalWeight.copy(), 1f), into));
        }
        mergedAs = into;
    }

    @Override
    public void unmerge() {
        if (mergedAs == null) throw new IllegalStateException("LoRA layer '" + path() + "' is not merged");
        Parameter w = base.get().weight();
        if (mergedAs == MergeInto.IN_PLACE) deltaWeight(w.value(), -1f);
        else w.setValue(originalWeight);
        originalWeight = null;
        mergedAs = null;
    }

    @Override public int inFeatures() { return base.get().inFeatures(); }
    @Override public int outFeatures() { return base.get().outFeatures(); }
    @Override public Parameter weight() { return base.get().weight(); }
    @Override public Parameter bias() { return base.get().bias(); }
    @Override public boolean weightIsInOut() { return base.get().weightIsInOut(); }
}
