package org.peft4j.peft.adapter;

import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftType;
import org.peft4j.peft.TaskType;
import org.peft4j.transformer.nn.Activation;

import java.util.List;
import java.util.Locale;

/**
 * Bottleneck adapters (Houlsby et al. 2019; Pfeiffer et al. 2021): h ↦ h + up(act(down(h))) after a sublayer's output
 * projection, before the residual add and norm. Hugging Face PEFT has no such type; files use peft_type BOTTLENECK.
 *
 * @param style           HOULSBY: after the attention output and after the FFN output; PFEIFFER: after the FFN only
 * @param reductionFactor bottleneck width = hidden / reduction_factor (at least 1)
 * @param nonLinearity    activation between the projections, by Hugging Face name (relu, gelu, gelu_new, silu/swish, tanh)
 * @param residual        whether the adapter adds its input back (h + f(h)); only then does it start as the identity
 * @param layersToTransform layers to adapt (negative = from the end), or null for all
 * @param modulesToSave   whole modules trained beside the adapters (a SEQ_CLS model adds its classifier anyway)
 * @param taskType        the task, or null to infer it
 * @param seed            seed of the down-projections' initialisation
 */
public record BottleneckConfig(Style style, int reductionFactor, String nonLinearity, boolean residual, List<Integer> layersToTransform,
                               List<String> modulesToSave, TaskType taskType, long seed) implements PeftConfig {
    public enum Style {
        HOULSBY, PFEIFFER;

        public static Style parse(String s) {
            for (Style v : values()) if (v.name().equalsIgnoreCase(s)) return v;
            throw new PeftConfigException("adapter style: expected houlsby or pfeiffer, found '" + s + "'");
        }

        public String jsonName() { return name().toLowerCase(Locale.ROOT); }
    }

    public BottleneckConfig {
        if (style == null) throw new PeftConfigException("bottleneck adapter: style is required (houlsby or pfeiffer)");
        if (reductionFactor < 1) throw new PeftConfigException("bottleneck adapter: reduction_factor must be >= 1, got " + reductionFactor);
        if (nonLinearity == null) nonLinearity = "relu";
        Activation.fromConfig("non_linearity", nonLinearity);
        if (layersToTransform != null) layersToTransform = List.copyOf(layersToTransform);
        modulesToSave = modulesToSave == null ? List.of() : List.copyOf(modulesToSave);
    }

    /** Houlsby adapters with reduction factor 16 and ReLU, on every layer. */
    public static BottleneckConfig houlsby(int reductionFactor) {
        return new BottleneckConfig(Style.HOULSBY, reductionFactor, "relu", true, null, List.of(), null, 0);
    }

    public static BottleneckConfig pfeiffer(int reductionFactor) {
        return new BottleneckConfig(Style.PFEIFFER, reductionFactor, "relu", true, null, List.of(), null, 0);
    }

    public BottleneckConfig withNonLinearity(String a) { return new BottleneckConfig(style, reductionFactor, a, residual, layersToTransform, modulesToSave, taskType, seed); }
    public BottleneckConfig withResidual(boolean r) { return new BottleneckConfig(style, reductionFactor, nonLinearity, r, layersToTransform, modulesToSave, taskType, seed); }
    public BottleneckConfig withLayers(List<Integer> l) { return new BottleneckConfig(style, reductionFactor, nonLinearity, residual, l, modulesToSave, taskType, seed); }
    public BottleneckConfig withModulesToSave(List<String> m) { return new BottleneckConfig(style, reductionFactor, nonLinearity, residual, layersToTransform, m, taskType, seed); }
    public BottleneckConfig withTaskType(TaskType t) { return new BottleneckConfig(style, reductionFactor, nonLinearity, residual, layersToTransform, modulesToSave, t, seed); }
    public BottleneckConfig withSeed(long s) { return new BottleneckConfig(style, reductionFactor, nonLinearity, residual, layersToTransform, modulesToSave, taskType, s); }

    /** The bottleneck width for a sublayer of this many output features. */
    public int bottleneck(int features) { return Math.max(1, features / reductionFactor); }

    @Override public PeftType peftType() { return PeftType.BOTTLENECK; }
}
