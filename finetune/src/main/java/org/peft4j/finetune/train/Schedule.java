package org.peft4j.finetune.train;

import org.peft4j.autograd.optim.LrSchedule;

/** Learning-rate schedule names accepted by the trainer and the CLI. */
public enum Schedule {
    CONSTANT, LINEAR, COSINE;

    LrSchedule build(long warmupSteps, long totalSteps) {
        return switch (this) {
            case CONSTANT -> LrSchedule.constantWithWarmup(warmupSteps);
            case LINEAR -> LrSchedule.linearWarmupDecay(warmupSteps, totalSteps);
            case COSINE -> LrSchedule.cosineWithWarmup(warmupSteps, totalSteps);
        };
    }

    public static Schedule parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown schedule '" + s + "': expected constant, linear or cosine");
        }
    }
}
