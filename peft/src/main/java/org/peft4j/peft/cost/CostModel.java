package org.peft4j.peft.cost;

import org.peft4j.autograd.Parameter;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftLayer;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.TargetResolver;
import org.peft4j.peft.adapter.BottleneckAdapter;
import org.peft4j.peft.bitfit.FullFineTuneConfig;
import org.peft4j.peft.ia3.Ia3Linear;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.peft.lora.LoraInit;
import org.peft4j.peft.lora.LoraLinear;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.nn.LayerNorm;
import org.peft4j.transformer.nn.LinearLayer;
import org.peft4j.transformer.nn.Module;
import org.peft4j.transformer.nn.RMSNorm;
import org.peft4j.weights.config.ModelConfig;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cost model of a PEFT method on a model, read off the adapted model tree itself (so the counts are those of the
 * tensors {@link Peft#apply} creates):
 * <ul>
 *   <li>parameters, fp32 bytes of trainable tensors, gradients and AdamW state (2 buffers);</li>
 *   <li>federated round: the adapter as a safetensors payload each way ({@link PayloadSize}); with a Fisher mask of
 *       keep ratio ρ, the compact payload of ceil(ρ·N) values plus the mask's packed bits when it is recomputed;</li>
 *   <li>FLOPs of the matrix products (2 per multiply-add): every dense layer on B·T rows (B rows for a pooler or
 *       classifier head), LoRA's two thin products, bottleneck projections, attention's QKᵀ and PV (4·B·T²·H_q per
 *       layer). Backward: the input gradient (same FLOPs as forward) through every layer from the lowest layer holding
 *       a trainable tensor upwards (below it autograd records nothing), weight gradients only for trainable weights,
 *       and twice the adapter's forward; attention backward is twice its forward;</li>
 *   <li>activation memory, an estimate of what the tape keeps for backward in the recorded layers: each dense
 *       layer's output, adapter intermediates, norm outputs, activation outputs, attention scores and probabilities
 *       (2·B·heads·T² per layer) and the merged context, in fp32. Transient workspace and frozen weights are not
 *       included.</li>
 * </ul>
 */
public final class CostModel {
    private CostModel() {}

    /**
     * Applies {@code method} to {@code model} (LoRA with its default init: no SVD), measures, and unloads, leaving
     * the model as it was. Full fine-tuning is counted without copying any weight.
     */
    public static CostReport of(TransformerModel model, ModelConfig config, PeftConfig method, Workload w) {
        if (method instanceof FullFineTuneConfig) {
            model.freeze();
            return estimate(model, config, p -> true, "full fine-tuning", w);
        }
        PeftConfig cfg = method instanceof LoraConfig l && l.init().kind() == LoraInit.Kind.PISSA ? l.withInit(LoraInit.DEFAULT) : method;
        PeftModel pm = Peft.apply(model, cfg);
        try {
            return of(pm, config, w);
        } finally {
            pm.unload();
        }
    }

    /** The cost of an adapted model as it stands (its trainable parameters are the method's). */
    public static CostReport of(PeftModel pm, ModelConfig config, Workload w) {
        Set<Parameter> trainable = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        trainable.addAll(pm.trainableParameters());
        return estimate(pm.model(), config, trainable::contains, describe(pm.config()), w);
    }

    static String describe(PeftConfig c) {
        return switch (c) {
            case LoraConfig l -> "lora r=" + l.r() + " alpha=" + fmt(l.loraAlpha()) + (l.useRslora() ? " rslora" : "") + " " + l.targetModules();
            default -> c.peftType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }

    static CostReport estimate(TransformerModel model, ModelConfig cfg, Predicate<Parameter> trainable, String label, Workload w) {
        Map<String, Parameter> named = model.namedParameters();
        long total = 0, trainableCount = 0, frozenBytes = 0;
        Map<String, int[]> payloadShapes = new LinkedHashMap<>();
        Integer minLayer = null;
        boolean embeddingsTrain = false;
        for (var e : named.entrySet()) {
            Parameter p = e.getValue();
            total += p.numel();
            if (trainable.test(p)) {
                trainableCount += p.numel();
                payloadShapes.put(PeftModel.KEY_PREFIX + e.getKey(), p.shape());
                Integer layer = TargetModules.layerIndex(e.getKey(), null);
                if (layer != null) minLayer = minLayer == null ? layer : Math.min(minLayer, layer);
                else if (isEmbedding(e.getKey())) embeddingsTrain = true;
            } else {
                frozenBytes += (long) p.numel() * p.value().dtype().byteSize();
            }
        }
        final int lowest = embeddingsTrain ? -1 : minLayer == null ? Integer.MAX_VALUE : minLayer;
        boolean anyBelowHead = embeddingsTrain || minLayer != null;

        long bt = (long) w.batch() * w.seq();
        double fwd = 0, bwd = 0;
        long act = 0;
        Map<String, Module> modules = model.namedModules();
        for (var e : modules.entrySet()) {
            String path = e.getKey();
            Module m = e.getValue();
            if (path.isEmpty() || TargetResolver.insideWrapper(path, modules)) continue;
            Integer layer = TargetModules.layerIndex(path + ".", null);
            boolean recorded = layer == null ? anyBelowHead || hasTrainable(m, trainable) : layer >= lowest;
            boolean inputGrad = layer == null ? anyBelowHead : layer >= lowest;
            long rows = isHead(path) ? w.batch() : bt;
            if (m instanceof LinearLayer lin) {
                LinearLayer base = m instanceof PeftLayer pl ? pl.baseLayer() : lin;
                double dense = 2.0 * rows * base.inFeatures() * base.outFeatures();
                fwd += dense;
                if (inputGrad) bwd += dense;
                if (trainable.test(base.weight())) bwd += dense;                     // dW of a trainable weight
                if (recorded) act += rows * base.outFeatures() * (feedsActivation(path) ? (path.endsWith("gate_proj") ? 3L : 2L) : 1L);
                double adapter = 0;
                switch (m) {
                    case LoraLinear l -> {
                        adapter = 2.0 * rows * l.rank() * (l.inFeatures() + l.outFeatures());
                        act += rows * (l.rank() + (long) l.outFeatures());
                    }
                    case BottleneckAdapter b -> {
                        adapter = 2.0 * 2 * rows * b.bottleneck() * b.outFeatures();
                        act += rows * (2L * b.bottleneck() + b.outFeatures());
                    }
                    case Ia3Linear i -> act += rows * (long) (i.isFeedforward() ? i.inFeatures() : i.outFeatures());
                    default -> { }
                }
                fwd += adapter;
                bwd += 2 * adapter;
            } else if ((m instanceof LayerNorm || m instanceof RMSNorm) && recorded) {
                act += rows * normWidth(m);
            }
        }
        int layers = model.numLayers();
        long hq = (long) cfg.numAttentionHeads() * cfg.headDim();
        double attention = 4.0 * w.batch() * (double) w.seq() * w.seq() * hq;
        for (int l = 0; l < layers; l++) {
            fwd += attention;
            if (l >= lowest) {
                bwd += 2 * attention;
                act += 2L * w.batch() * cfg.numAttentionHeads() * (long) w.seq() * w.seq() + bt * hq;
            }
        }

        long payload = payloadShapes.isEmpty() ? 0 : PayloadSize.f32(payloadShapes, Map.of("format", "pt"));
        Long masked = null, maskBytes = null, kept = null;
        if (w.keepRatio() != null) {
            long k = 0, bits = 0;
            Map<String, int[]> compact = new LinkedHashMap<>();
            for (var e : payloadShapes.entrySet()) {
                long n = 1;
                for (int d : e.getValue()) n *= d;
                long kk = java.math.BigDecimal.valueOf(w.keepRatio()).multiply(java.math.BigDecimal.valueOf(n))
                        .setScale(0, java.math.RoundingMode.CEILING).longValueExact();
                compact.put(e.getKey(), new int[]{(int) kk});
                k += kk;
                bits += (n + 7) / 8;
            }
            kept = k;     // per-tensor rounding: within one entry per tensor of the global ceil(ρ·N)
            masked = PayloadSize.f32(compact, Map.of("format", "pt"));
            maskBytes = bits;
        }
        return new CostReport(label, total, trainableCount, frozenBytes, 4 * trainableCount, 4 * trainableCount, 8 * trainableCount,
                payload, payload, masked, maskBytes, kept, 4 * act, fwd, bwd);
    }

    private static boolean hasTrainable(Module m, Predicate<Parameter> trainable) {
        for (Parameter p : m.parameters()) if (trainable.test(p)) return true;
        return false;
    }

    /** Heads that see one row per sequence: the BERT pooler, sequence-classification heads. */
    static boolean isHead(String path) {
        return path.startsWith("classifier") || path.startsWith("score") || path.contains("pooler");
    }

    static boolean isEmbedding(String name) {
        return name.contains("embeddings.") || name.contains("wte.") || name.contains("wpe.") || name.contains("embed_tokens.");
    }

    /** Dense layers followed by the FFN activation (whose output the tape keeps too; SwiGLU keeps the product as well). */
    static boolean feedsActivation(String path) {
        return path.endsWith("intermediate.dense") || path.endsWith("mlp.c_fc") || path.endsWith("mlp.gate_proj");
    }

    private static long normWidth(Module m) {
        for (Parameter p : m.localParameters().values()) return p.numel();
        return 0;
    }
}
