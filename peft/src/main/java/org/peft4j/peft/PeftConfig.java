package org.peft4j.peft;

import java.util.List;

/**
 * What {@link Peft#apply} needs to turn a model into a {@link PeftModel}: one record per method
 * ({@link org.peft4j.peft.lora.LoraConfig}, {@link org.peft4j.peft.ia3.Ia3Config},
 * {@link org.peft4j.peft.adapter.BottleneckConfig}, {@link org.peft4j.peft.bitfit.BitFitConfig},
 * {@link org.peft4j.peft.bitfit.FullFineTuneConfig}).
 */
public interface PeftConfig {
    PeftType peftType();

    /** The task, or null to infer it from the model's head ({@link TaskType#infer}). */
    TaskType taskType();

    /** Whole modules trained (and saved) beside the adapter, matched by name suffix as PEFT does; may be empty. */
    List<String> modulesToSave();
}
