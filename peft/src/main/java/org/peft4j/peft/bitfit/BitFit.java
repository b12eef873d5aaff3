package org.peft4j.peft.bitfit;

import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TaskType;
import org.peft4j.transformer.models.TransformerModel;

/** Applies BitFit and full fine-tuning. */
public final class BitFit {
    private BitFit() {}

    public static PeftModel apply(TransformerModel model, BitFitConfig cfg) {
        TaskType task = cfg.taskType() != null ? cfg.taskType() : TaskType.infer(model);
        PeftModel.Builder b = PeftModel.builder(model, task);
        int biases = 0;
        for (var e : model.namedParameters().entrySet())
            if (e.getKey().equals("bias") || e.getKey().endsWith(".bias")) { b.trainCopy(e.getValue()); biases++; }
        if (biases == 0)
            throw new PeftConfigException("BitFit: " + model.architecture() + " (model_type " + model.modelType() + ") has no bias parameters to train");
        b.saveModules(cfg);
        return b.build(new BitFitConfig(cfg.modulesToSave(), task));
    }

    /** Every parameter trainable (fp32). */
    public static PeftModel applyFull(TransformerModel model, FullFineTuneConfig cfg) {
        TaskType task = cfg.taskType() != null ? cfg.taskType() : TaskType.infer(model);
        PeftModel.Builder b = PeftModel.builder(model, task);
        model.unfreeze();
        return b.build(new FullFineTuneConfig(task));
    }
}
