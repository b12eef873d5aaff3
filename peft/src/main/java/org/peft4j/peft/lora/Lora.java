package org.peft4j.peft.lora;

import org.peft4j.autograd.Parameter;
import org.peft4j.peft.BiasMode;
import org.peft4j.peft.DefaultTargets;
import org.peft4j.peft.PeftLayer;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.TargetResolver;
import org.peft4j.peft.TaskType;
import org.peft4j.peft.federa.Federa;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.nn.LinearLayer;

import java.util.Map;

/** Applies a {@link LoraConfig} to a model (what {@link org.peft4j.peft.Peft#apply} does for LoRA). */
public final class Lora {
    private Lora() {}

    public static PeftModel apply(TransformerModel model, LoraConfig cfg) {
        TaskType task = cfg.taskType() != null ? cfg.taskType() : TaskType.infer(model);
        TargetModules targets = (cfg.targetModules() != null ? cfg.targetModules() : TargetModules.names(DefaultTargets.lora(model.modelType())))
                .resolveLayers(model.numLayers());
        Map<String, LinearLayer> found = TargetResolver.resolve(model, targets, "LoRA");
        PeftModel.Builder b = PeftModel.builder(model, task);
        for (LinearLayer base : found.values()) {
            LoraLinear l = new LoraLinear(base, cfg.r(), cfg.scale(), (float) cfg.loraDropout());
            if (cfg.init().kind() != LoraInit.Kind.PISSA) LoraInitializer.init(l, cfg.init(), cfg.seed());
            b.wrap(l);
        }
        if (cfg.bias() == BiasMode.ALL) {
            for (var e : model.namedParameters().entrySet())
                if (e.getKey().equals("bias") || e.getKey().endsWith(".bias")) b.trainCopy(e.getValue());
        } else if (cfg.bias() == BiasMode.LORA_ONLY) {
            for (LinearLayer base : found.values()) {
                Parameter bias = base.bias();
                if (bias != null) b.trainCopy(bias);
            }
        }
        b.saveModules(cfg);
        PeftModel pm = b.build(new LoraConfig(cfg.r(), cfg.loraAlpha(), cfg.useRslora(), cfg.loraDropout(), targets, cfg.bias(),
                cfg.modulesToSave(), cfg.init(), task, cfg.seed()));
        if (cfg.init().kind() == LoraInit.Kind.PISSA) Federa.initialize(pm, cfg.init().niter(), cfg.seed());
        return pm;
    }

    /** The LoRA wrappers of a model, by path. */
    public static Map<String, LoraLinear> layers(PeftModel m) {
        Map<String, LoraLinear> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, PeftLayer> e : m.layers().entrySet())
            if (e.getValue() instanceof LoraLinear l) out.put(e.getKey(), l);
        return out;
    }
}
