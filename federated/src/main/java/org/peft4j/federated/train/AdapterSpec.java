package org.peft4j.federated.train;

import java.util.List;
import org.peft4j.peft.DefaultTargets;
import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.adapter.BottleneckConfig;
import org.peft4j.peft.bitfit.BitFitConfig;
import org.peft4j.peft.bitfit.FullFineTuneConfig;
import org.peft4j.peft.ia3.Ia3Config;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.peft.lora.LoraInit;

/**
 * What every party of a federated run adapts the model with. Server and clients must build the same spec so
 * their adapter tensors have the same names and shapes (the server rejects any other update).
 *
 * @param r               LoRA / FeDeRA rank
 * @param alpha           LoRA scale numerator (scale = alpha / r)
 * @param reductionFactor bottleneck width = hidden / reductionFactor (adapter)
 * @param layers          which transformer layers carry adapters
 * @param federaNiter     power iterations of FeDeRA's randomized SVD
 * @param seed            initialisation seed (LoRA's A, the SVD's test matrix, the adapters' down projections)
 */
public record AdapterSpec(Method method, int r, double alpha, int reductionFactor, LayerSelection layers, int federaNiter, long seed) {
    public AdapterSpec {
        if (method == null) throw new IllegalArgumentException("method is required");
        if (layers == null) layers = LayerSelection.ALL;
        if (!method.hasLayers() && layers.kind() != LayerSelection.Kind.ALL)
            throw new IllegalArgumentException(method.cliName() + " trains parameters of every layer; a layer selection (" + layers + ") applies to lora, federa, ia3 and adapter");
        if ((method == Method.LORA || method == Method.FEDERA) && r < 1) throw new IllegalArgumentException("LoRA rank must be >= 1, got " + r);
        if (method == Method.ADAPTER && reductionFactor < 1) throw new IllegalArgumentException("adapter reduction factor must be >= 1, got " + reductionFactor);
    }

    public static AdapterSpec lora(int r, double alpha) { return new AdapterSpec(Method.LORA, r, alpha, 16, LayerSelection.ALL, 4, 0); }

    public static AdapterSpec of(Method m) { return new AdapterSpec(m, 8, 16, 16, LayerSelection.ALL, 4, 0); }

    public AdapterSpec withLayers(LayerSelection l) { return new AdapterSpec(method, r, alpha, reductionFactor, l, federaNiter, seed); }
    public AdapterSpec withRank(int rank, double a) { return new AdapterSpec(method, rank, a, reductionFactor, layers, federaNiter, seed); }
    public AdapterSpec withSeed(long s) { return new AdapterSpec(method, r, alpha, reductionFactor, layers, federaNiter, s); }

    /** The peft module's config for a model of this type and depth (sequence classification: the head trains too). */
    public PeftConfig toPeftConfig(String modelType, int numLayers) {
        List<Integer> layerList = layers.resolve(numLayers);
        return switch (method) {
            case LORA, FEDERA -> {
                TargetModules t = TargetModules.names(DefaultTargets.lora(modelType));
                LoraConfig c = LoraConfig.of(r, alpha).withTargets(layerList == null ? t : t.layers(layerList)).withSeed(seed);
                yield method == Method.FEDERA ? c.withInit(LoraInit.pissa(federaNiter)) : c;
            }
            case IA3 -> {
                TargetModules t = TargetModules.names(DefaultTargets.ia3(modelType));
                yield Ia3Config.defaults().withTargets(layerList == null ? t : t.layers(layerList), DefaultTargets.ia3Feedforward(modelType));
            }
            case ADAPTER -> BottleneckConfig.houlsby(reductionFactor).withLayers(layerList).withSeed(seed);
            case BITFIT -> BitFitConfig.defaults();
            case FULL -> FullFineTuneConfig.defaults();
        };
    }

    /** e.g. "lora r=8 alpha=16 layers=last:3". */
    public String describe() {
        String s = method.cliName();
        if (method == Method.LORA || method == Method.FEDERA) s += " r=" + r + " alpha=" + alpha;
        if (method == Method.ADAPTER) s += " reduction=" + reductionFactor;
        if (method.hasLayers()) s += " layers=" + layers;
        return s;
    }
}
