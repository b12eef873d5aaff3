package org.peft4j.peft.bitfit;

import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftType;
import org.peft4j.peft.TaskType;

import java.util.List;

/**
 * BitFit (Ben Zaken et al. 2022): only the bias terms train (every parameter named {@code bias}: dense layers and
 * norms), on fp32 copies; plus modules_to_save (a SEQ_CLS model's classifier). Files use peft_type BITFIT.
 */
public record BitFitConfig(List<String> modulesToSave, TaskType taskType) implements PeftConfig {
    public BitFitConfig {
        modulesToSave = modulesToSave == null ? List.of() : List.copyOf(modulesToSave);
    }

    public static BitFitConfig defaults() { return new BitFitConfig(List.of(), null); }

    @Override public PeftType peftType() { return PeftType.BITFIT; }
}
