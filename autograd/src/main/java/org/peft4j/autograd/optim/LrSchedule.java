package org.peft4j.autograd.optim;

/**
 * A learning-rate multiplier as a function of the optimizer step (0 before the first update), as in PyTorch's
 * LambdaLR. The factories follow Hugging Face's {@code get_*_schedule_with_warmup} formulas, so a run here and
 * one in transformers see the same learning rates.
 */
@FunctionalInterface
public interface LrSchedule {
    double multiplier(long step);

    /** Always 1. */
    static LrSchedule constant() { return step -> 1.0; }

    /** Linear ramp from 0 to 1 over warmupSteps, then 1. */
    static LrSchedule constantWithWarmup(long warmupSteps) {
        checkNonNegative("warmupSteps", warmupSteps);
        return step -> step < warmupSteps ? (double) step / Math.max(1, warmupSteps) : 1.0;
    }

    /** Linear ramp from 0 to 1 over warmupSteps, then linear decay to 0 at totalSteps. */
    static LrSchedule linearWarmupDecay(long warmupSteps, long totalSteps) {
        checkWarmup(warmupSteps, totalSteps);
        return step -> {
            if (step < warmupSteps) return (double) step / Math.max(1, warmupSteps);
            return Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
        };
    }

    /** Linear ramp over warmupSteps, then half a cosine from 1 down to 0 at totalSteps. */
    static LrSchedule cosineWithWarmup(long warmupSteps, long totalSteps) {
        checkWarmup(warmupSteps, totalSteps);
        return step -> {
            if (step < warmupSteps) return (double) step / Math.max(1, warmupSteps);
            double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
            return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * progress)));
        };
    }

    private static void checkNonNegative(String what, long v) {
        if (v < 0) throw new IllegalArgumentException(what + " must be >= 0, got " + v);
    }

    private static void checkWarmup(long warmupSteps, long totalSteps) {
        checkNonNegative("warmupSteps", warmupSteps);
        if (totalSteps < warmupSteps)
            throw new IllegalArgumentException("totalSteps (" + totalSteps + ") must be >= warmupSteps (" + warmupSteps + ")");
    }
}
