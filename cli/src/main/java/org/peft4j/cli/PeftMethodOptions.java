package org.peft4j.cli;

import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.adapter.BottleneckConfig;
import org.peft4j.peft.bitfit.BitFitConfig;
import org.peft4j.peft.bitfit.FullFineTuneConfig;
import org.peft4j.peft.ia3.Ia3Config;
import org.peft4j.peft.lora.LoraConfig;
import picocli.CommandLine.Option;

import java.util.List;

/** The options that choose a PEFT method on the command line (a picocli mixin shared by inspect and bench). */
public final class PeftMethodOptions {
    public enum Method { lora, ia3, houlsby, pfeiffer, bitfit, full }

    @Option(names = "--method", description = "PEFT method: ${COMPLETION-CANDIDATES}") public Method method;
    @Option(names = "--r", defaultValue = "8", description = "LoRA rank (default ${DEFAULT-VALUE})") public int r;
    @Option(names = "--alpha", description = "lora_alpha (default 2r)") public Double alpha;
    @Option(names = "--rslora", description = "LoRA scale alpha/sqrt(r)") public boolean rslora;
    @Option(names = "--targets", split = ",", description = "target module names (default: PEFT's for the model type)") public List<String> targets;
    @Option(names = "--layers", split = ",", description = "layers_to_transform (negative = from the end)") public List<Integer> layers;
    @Option(names = "--reduction-factor", defaultValue = "16", description = "bottleneck adapters' reduction factor (default ${DEFAULT-VALUE})") public int reductionFactor;

    /** The method's config, or null when no --method was given. */
    public PeftConfig toConfig() {
        if (method == null) return null;
        TargetModules t = targets == null ? null : TargetModules.names(targets);
        if (layers != null) {
            if (t == null) throw new IllegalArgumentException("--layers needs --targets (PEFT applies layers_to_transform to named targets)");
            t = t.layers(layers);
        }
        return switch (method) {
            case lora -> LoraConfig.of(r, alpha != null ? alpha : 2.0 * r).withRslora(rslora).withTargets(t);
            case ia3 -> t == null ? Ia3Config.defaults() : Ia3Config.defaults().withTargets(t, null);
            case houlsby -> BottleneckConfig.houlsby(reductionFactor).withLayers(layers);
            case pfeiffer -> BottleneckConfig.pfeiffer(reductionFactor).withLayers(layers);
            case bitfit -> BitFitConfig.defaults();
            case full -> FullFineTuneConfig.defaults();
        };
    }
}
