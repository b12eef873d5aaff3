package org.peft4j.peft.federa;

import org.peft4j.autograd.Parameter;
import org.peft4j.peft.AdapterFormatException;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.lora.Lora;
import org.peft4j.peft.lora.LoraInitializer;
import org.peft4j.peft.lora.LoraLinear;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.nn.LinearLayer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FeDeRA initialisation of LoRA (Yan et al. 2024; PEFT's init_lora_weights="pissa"): the adapter starts on the
 * principal singular directions of the pretrained weight and the frozen base becomes the residual.
 * <pre>
 *   W (out×in) ≈ U_r·diag(S_r)·V_rᵀ        top-r triplets (randomized SVD, {@link RandomizedSvd})
 *   S' = S_r / s                            s = the LoRA scale alpha/r
 *   A  = diag(√S')·V_rᵀ   [r, in]
 *   B  = U_r·diag(√S')    [out, r]          so s·B·A = U_r·diag(S_r)·V_rᵀ
 *   W_res = W − s·B·A                       frozen base: base + adapter = W exactly, whatever the SVD's error
 * </pre>
 * Federated use: the server runs {@link #initialize} once and broadcasts A and B; each client, holding the same
 * pretrained W, calls {@link #residualFrom} with the tensors it received and gets the identical starting point
 * without an SVD of its own. W_res is always computed from the original base weight, so calling either twice does
 * not subtract twice.
 */
public final class Federa {
    private Federa() {}

    /** Initialises every LoRA layer of {@code model} from the SVD of its base weight; returns the initial adapter (A₀, B₀) by PEFT key. */
    public static Map<String, Tensor> initialize(PeftModel model, int powerIterations, long seed) {
        return initialize(model, new RandomizedSvd.Options(10, powerIterations, seed));
    }

    public static Map<String, Tensor> initialize(PeftModel model, RandomizedSvd.Options options) {
        Map<String, Tensor> initial = new LinkedHashMap<>();
        for (LoraLinear l : Lora.layers(model).values()) {
            Tensor w = weightOutIn(l, model);
            long layerSeed = LoraInitializer.rngFor(options.seed(), l.path()).nextLong();
            TruncatedSvd svd = RandomizedSvd.compute(w, l.rank(), new RandomizedSvd.Options(options.oversampling(), options.powerIterations(), layerSeed));
            setFactors(l, svd);
            installResidual(model, l);
            initial.put(PeftModel.KEY_PREFIX + l.path() + ".lora_A.weight", l.loraA().value().copy());
            initial.put(PeftModel.KEY_PREFIX + l.path() + ".lora_B.weight", l.loraB().value().copy());
        }
        if (initial.isEmpty()) throw new IllegalArgumentException("FeDeRA: the model has no LoRA layer to initialise");
        model.setInitialAdapter(initial);
        return initial;
    }

    /**
     * Client side: sets the received adapter tensors (A₀, B₀ and any other adapter tensor, e.g. a classifier head;
     * PEFT keys) and replaces each LoRA layer's frozen base by W − s·B₀·A₀.
     */
    public static void residualFrom(PeftModel model, Map<String, Tensor> adapterTensors) {
        Map<String, LoraLinear> layers = Lora.layers(model);
        Map<String, Tensor> initial = new LinkedHashMap<>();
        for (LoraLinear l : layers.values()) {
            for (String part : new String[]{".lora_A.weight", ".lora_B.weight"}) {
                String key = PeftModel.KEY_PREFIX + l.path() + part;
                Tensor t = adapterTensors.get(key);
                if (t == null)
                    throw new AdapterFormatException("FeDeRA residual: the received adapter has no '" + key + "' for LoRA layer '" + l.path() + "'");
                initial.put(key, t);
            }
        }
        model.loadAdapterTensors(adapterTensors, false);
        for (LoraLinear l : layers.values()) installResidual(model, l);
        model.setInitialAdapter(initial);
    }

    /** A = diag(√(S/s))·Vᵀ, B = U·diag(√(S/s)). */
    static void setFactors(LoraLinear l, TruncatedSvd svd) {
        int r = l.rank(), in = l.inFeatures(), out = l.outFeatures();
        float[] a = l.loraA().value().floatArray(), b = l.loraB().value().floatArray();
        float[] u = svd.u().toFloatArray(), v = svd.v().toFloatArray();
        for (int k = 0; k < r; k++) {
            float root = (float) Math.sqrt(svd.s()[k] / l.scale());
            for (int j = 0; j < in; j++) a[k * in + j] = root * v[j * r + k];
            for (int i = 0; i < out; i++) b[i * r + k] = u[i * r + k] * root;
        }
    }

    /** W_res = W_original − s·B·A in the stored layout, as a new frozen F32 tensor. */
    static void installResidual(PeftModel model, LoraLinear l) {
        Parameter w = l.baseLayer().weight();
        Tensor residual = l.deltaWeight(model.originalValue(w).copy(), -1f);
        model.replaceFrozenValue(w, residual);
    }

    /** The original base weight as [out, in] (a Conv1D's [in, out] viewed transposed). */
    static Tensor weightOutIn(LoraLinear l, PeftModel model) {
        LinearLayer base = l.baseLayer();
        Tensor w = model.originalValue(base.weight());
        return base.weightIsInOut() ? w.transpose(0, 1) : w;
    }
}
