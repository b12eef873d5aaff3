package org.peft4j.peft.bitfit;

import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftType;
import org.peft4j.peft.TaskType;

import java.util.List;

/**
 * Full fine-tuning, the reference the PEFT methods are measured against: every parameter trains in fp32 (mapped or
 * half-precision weights become fp32 heap copies; an fp32 heap model trains in place).
 */
public record FullFineTuneConfig(TaskType taskType) implements PeftConfig {
    public static FullFineTuneConfig defaults() { return new FullFineTuneConfig(null); }

    @Override public PeftType peftType() { return PeftType.FULL; }

    @Override public List<String> modulesToSave() { return List.of(); }
}
