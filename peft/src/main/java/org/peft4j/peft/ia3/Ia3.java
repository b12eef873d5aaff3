package org.peft4j.peft.ia3;

import org.peft4j.peft.DefaultTargets;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.TargetResolver;
import org.peft4j.peft.TaskType;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.nn.LinearLayer;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Applies an {@link Ia3Config} to a model. */
public final class Ia3 {
    private Ia3() {}

    public static PeftModel apply(TransformerModel model, Ia3Config cfg) {
        cfg.checkFeedforwardSubset();
        TaskType task = cfg.taskType() != null ? cfg.taskType() : TaskType.infer(model);
        TargetModules targets = (cfg.targetModules() != null ? cfg.targetModules() : TargetModules.names(DefaultTargets.ia3(model.modelType())))
                .resolveLayers(model.numLayers());
        List<String> feedforward = cfg.feedforwardModules() != null ? cfg.feedforwardModules() : DefaultTargets.ia3Feedforward(model.modelType());
        Map<String, LinearLayer> found = TargetResolver.resolve(model, targets, "IA3");
        PeftModel.Builder b = PeftModel.builder(model, task);
        SplittableRandom rng = new SplittableRandom(0);
        for (var e : found.entrySet()) {
            Ia3Linear l = new Ia3Linear(e.getValue(), isFeedforward(e.getKey(), feedforward));
            if (!cfg.initIa3Weights()) {           // as PEFT with init_ia3_weights=False: the vector keeps its randn draw
                float[] v = l.vector().value().floatArray();
                for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextGaussian();
            }
            b.wrap(l);
        }
        b.saveModules(cfg);
        return b.build(new Ia3Config(targets, feedforward, cfg.modulesToSave(), cfg.initIa3Weights(), task));
    }

    /** PEFT 0.10's rule: a plain suffix test (no dot boundary), so "output.dense" also matches "attention.output.dense". */
    static boolean isFeedforward(String path, List<String> feedforward) {
        for (String f : feedforward) if (path.endsWith(f)) return true;
        return false;
    }
}
