package org.peft4j.finetune.train;

import java.nio.file.Path;

/**
 * Everything that shapes a training run. {@code maxSteps > 0} overrides {@code epochs}. Steps count optimizer
 * updates (after {@code gradAccumulation} micro-batches each). {@code evalEvery == 0} evaluates once per epoch.
 * {@code outDir == null} keeps everything in memory (federated clients do that). {@code saveEvery > 0} also writes
 * the checkpoint every that many steps (besides each epoch's end), so a run killed mid-epoch can resume.
 */
public record TrainerConfig(
        int epochs,
        long maxSteps,
        int gradAccumulation,
        double learningRate,
        double weightDecay,
        double warmupRatio,
        Schedule schedule,
        double maxGradNorm,
        long evalEvery,
        String bestMetric,
        boolean greaterIsBetter,
        int earlyStoppingPatience,
        long seed,
        int logEvery,
        boolean progressBar,
        Path outDir,
        long saveEvery) {

    public TrainerConfig {
        if (epochs < 1 && maxSteps <= 0) throw new IllegalArgumentException("need epochs >= 1 or maxSteps > 0, got epochs=" + epochs + " maxSteps=" + maxSteps);
        if (gradAccumulation < 1) throw new IllegalArgumentException("gradAccumulation must be >= 1, got " + gradAccumulation);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (warmupRatio < 0 || warmupRatio > 1) throw new IllegalArgumentException("warmupRatio must be in [0, 1], got " + warmupRatio);
        if (evalEvery < 0) throw new IllegalArgumentException("evalEvery must be >= 0, got " + evalEvery);
        if (earlyStoppingPatience < 0) throw new IllegalArgumentException("earlyStoppingPatience must be >= 0, got " + earlyStoppingPatience);
        if (logEvery < 1) throw new IllegalArgumentException("logEvery must be >= 1, got " + logEvery);
        if (saveEvery < 0) throw new IllegalArgumentException("saveEvery must be >= 0, got " + saveEvery);
    }

    /** Sensible defaults: 1 epoch, AdamW lr 5e-4, wd 0.01, 6% warmup, linear decay, clip 1.0, eval per epoch. */
    public static TrainerConfig defaults() {
        return new TrainerConfig(1, 0, 1, 5e-4, 0.01, 0.06, Schedule.LINEAR, 1.0, 0, "accuracy", true, 0, 0, 10, false, null, 0);
    }

    public TrainerConfig withEpochs(int e) { return new TrainerConfig(e, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withMaxSteps(long s) { return new TrainerConfig(epochs, s, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withLearningRate(double lr) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, lr, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withGradAccumulation(int g) { return new TrainerConfig(epochs, maxSteps, g, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withWarmupRatio(double w) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, w, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withSchedule(Schedule s) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, s, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withEvalEvery(long e) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, e, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withBestMetric(String m, boolean greater) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, m, greater, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withEarlyStopping(int patience) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, patience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withSeed(long s) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, s, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withLogEvery(int l) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, l, progressBar, outDir, saveEvery); }
    public TrainerConfig withProgressBar(boolean p) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, p, outDir, saveEvery); }
    public TrainerConfig withWeightDecay(double wd) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, wd, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withMaxGradNorm(double n) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, n, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery); }
    public TrainerConfig withSaveEvery(long n) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, n); }
    public TrainerConfig withOutDir(Path d) { return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, d, saveEvery); }
}
