package org.peft4j.cli.finetune;

import org.peft4j.peft.DefaultTargets;
import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.adapter.BottleneckConfig;
import org.peft4j.peft.bitfit.BitFitConfig;
import org.peft4j.peft.bitfit.FullFineTuneConfig;
import org.peft4j.peft.ia3.Ia3Config;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.peft.lora.LoraInit;
import org.peft4j.transformer.models.TransformerModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fine-tuning method as the CLI states it, turned into the peft module's config for a given model.
 *
 * @param method          lora, adapter, ia3, bitfit or full
 * @param r               LoRA rank
 * @param alpha           LoRA alpha (scale alpha / r)
 * @param loraDropout     dropout on LoRA's input
 * @param init            LoRA initialisation: default, gaussian or federa (SVD of the base weight, PiSSA-style)
 * @param federaNiter     power iterations of FeDeRA's randomized SVD
 * @param targetModules   module names or aliases (q,k,v,o,up,down,gate), or null for PEFT's defaults
 * @param layers          --layers spec (all, last:N, indices), or null for all
 * @param reductionFactor bottleneck adapter: hidden / width
 * @param adapterStyle    bottleneck adapter: houlsby or pfeiffer
 * @param seed            seed of random initialisations
 */
public record MethodSpec(String method, int r, double alpha, double loraDropout, String init, int federaNiter,
                         List<String> targetModules, String layers, int reductionFactor, String adapterStyle, long seed) {

    public static final List<String> METHODS = List.of("lora", "adapter", "ia3", "bitfit", "full");

    public MethodSpec {
        method = method.toLowerCase(Locale.ROOT).strip();
        if (!METHODS.contains(method)) throw new IllegalArgumentException("--method " + method + ": expected one of " + METHODS);
        if (!method.equals("lora") && !method.equals("ia3") && targetModules != null)
            throw new IllegalArgumentException("--target-modules applies to lora and ia3, not to " + method);
        if (method.equals("bitfit") || method.equals("full")) {
            if (layers != null) throw new IllegalArgumentException("--layers applies to lora, ia3 and adapter, not to " + method);
        }
    }

    public PeftConfig toConfig(TransformerModel model) {
        String type = model.modelType();
        List<Integer> layerList = LayerSelection.parse(layers, model.numLayers());
        return switch (method) {
            case "lora" -> {
                List<String> names = TargetAliases.expand(targetModules != null ? targetModules : DefaultTargets.lora(type), type);
                yield LoraConfig.of(r, alpha).withDropout(loraDropout).withTargets(targets(names, layerList))
                        .withInit(loraInit()).withSeed(seed);
            }
            case "ia3" -> {
                if (targetModules == null && layerList == null) yield Ia3Config.defaults();
                List<String> names = TargetAliases.expand(targetModules != null ? targetModules : DefaultTargets.ia3(type), type);
                List<String> ff = new ArrayList<>(DefaultTargets.ia3Feedforward(type));
                ff.retainAll(names);
                yield Ia3Config.defaults().withTargets(targets(names, layerList), ff);
            }
            case "adapter" -> {
                BottleneckConfig c = adapterStyle == null || adapterStyle.equalsIgnoreCase("houlsby")
                        ? BottleneckConfig.houlsby(reductionFactor) : BottleneckConfig.pfeiffer(reductionFactor);
                if (adapterStyle != null && !adapterStyle.equalsIgnoreCase("houlsby") && !adapterStyle.equalsIgnoreCase("pfeiffer"))
                    throw new IllegalArgumentException("--adapter-style " + adapterStyle + ": expected houlsby or pfeiffer");
                yield c.withLayers(layerList).withSeed(seed);
            }
            case "bitfit" -> BitFitConfig.defaults();
            case "full" -> FullFineTuneConfig.defaults();
            default -> throw new IllegalStateException(method);
        };
    }

    private static TargetModules targets(List<String> names, List<Integer> layers) {
        TargetModules t = TargetModules.names(names);
        return layers == null ? t : t.layers(layers);
    }

    private LoraInit loraInit() {
        return switch (init == null ? "default" : init.toLowerCase(Locale.ROOT)) {
            case "default" -> LoraInit.DEFAULT;
            case "gaussian" -> LoraInit.GAUSSIAN;
            case "federa", "pissa" -> LoraInit.pissa(federaNiter);
            default -> throw new IllegalArgumentException("--init " + init + ": expected default, gaussian or federa");
        };
    }
}
