package org.peft4j.peft.adapter;

import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.TargetResolver;
import org.peft4j.peft.TaskType;
import org.peft4j.peft.lora.LoraInitializer;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.nn.Activation;
import org.peft4j.transformer.nn.LinearLayer;

import java.util.List;
import java.util.Map;

/** Applies a {@link BottleneckConfig}: finds each layer's attention-output and FFN-output projections and wraps them. */
public final class Bottleneck {
    private Bottleneck() {}

    /** The attention output projection of each layer, as a full-match regex over module paths. */
    public static String attentionOutput(String modelType) {
        return switch (modelType) {
            case "bert", "roberta" -> ".*\\.layer\\.\\d+\\.attention\\.output\\.dense";
            case "gpt2" -> ".*\\.h\\.\\d+\\.attn\\.c_proj";
            case "llama" -> ".*\\.layers\\.\\d+\\.self_attn\\.o_proj";
            default -> throw unknown(modelType);
        };
    }

    /** The FFN output projection of each layer. */
    public static String ffnOutput(String modelType) {
        return switch (modelType) {
            case "bert", "roberta" -> ".*\\.layer\\.\\d+\\.output\\.dense";
            case "gpt2" -> ".*\\.h\\.\\d+\\.mlp\\.c_proj";
            case "llama" -> ".*\\.layers\\.\\d+\\.mlp\\.down_proj";
            default -> throw unknown(modelType);
        };
    }

    /** The sites of a style as one regex. */
    public static String sites(BottleneckConfig.Style style, String modelType) {
        return style == BottleneckConfig.Style.HOULSBY ? "(?:" + attentionOutput(modelType) + ")|(?:" + ffnOutput(modelType) + ")" : ffnOutput(modelType);
    }

    public static PeftModel apply(TransformerModel model, BottleneckConfig cfg) {
        TaskType task = cfg.taskType() != null ? cfg.taskType() : TaskType.infer(model);
        Activation act = Activation.fromConfig("non_linearity", cfg.nonLinearity());
        Map<String, LinearLayer> found = TargetResolver.resolve(model, TargetModules.regex(sites(cfg.style(), model.modelType())), "bottleneck adapter");
        List<Integer> layers = cfg.layersToTransform() == null ? null : TargetModules.resolveLayerIndices(cfg.layersToTransform(), model.numLayers());
        PeftModel.Builder b = PeftModel.builder(model, task);
        try {
            return build(b, cfg, task, act, found, layers);
        } catch (RuntimeException e) {
            b.rollback();
            throw e;
        }
    }

    private static PeftModel build(PeftModel.Builder b, BottleneckConfig cfg, TaskType task, Activation act, Map<String, LinearLayer> found,
                                   List<Integer> layers) {
        int wrapped = 0;
        for (var e : found.entrySet()) {
            if (layers != null && !layers.contains(TargetModules.layerIndex(e.getKey(), null))) continue;
            LinearLayer base = e.getValue();
            b.wrap(new BottleneckAdapter(base, cfg.bottleneck(base.outFeatures()), act, cfg.residual(),
                    LoraInitializer.rngFor(cfg.seed(), e.getKey())));
            wrapped++;
        }
        if (wrapped == 0) throw new PeftConfigException("bottleneck adapter: no layer in layers_to_transform " + cfg.layersToTransform());
        b.saveModules(cfg);
        return b.build(new BottleneckConfig(cfg.style(), cfg.reductionFactor(), cfg.nonLinearity(), cfg.residual(), layers, cfg.modulesToSave(), task, cfg.seed()));
    }

    private static PeftConfigException unknown(String type) {
        return new PeftConfigException("bottleneck adapter: no adapter sites known for model_type '" + type + "' (known: bert, roberta, gpt2, llama)");
    }
}
