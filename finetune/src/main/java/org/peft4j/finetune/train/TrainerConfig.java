package org.peft4j.finetune.train;

import java.nio.file.Path;
import java.util.function.Consumer;

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

    public TrainerConfig withEpochs(int e) { return edit(b -> b.epochs = e); }
    public TrainerConfig withMaxSteps(long s) { return edit(b -> b.maxSteps = s); }
    public TrainerConfig withLearningRate(double lr) { return edit(b -> b.learningRate = lr); }
    public TrainerConfig withGradAccumulation(int g) { return edit(b -> b.gradAccumulation = g); }
    public TrainerConfig withWarmupRatio(double w) { return edit(b -> b.warmupRatio = w); }
    public TrainerConfig withSchedule(Schedule s) { return edit(b -> b.schedule = s); }
    public TrainerConfig withEvalEvery(long e) { return edit(b -> b.evalEvery = e); }
    public TrainerConfig withBestMetric(String m, boolean greater) { return edit(b -> { b.bestMetric = m; b.greaterIsBetter = greater; }); }
    public TrainerConfig withEarlyStopping(int patience) { return edit(b -> b.earlyStoppingPatience = patience); }
    public TrainerConfig withSeed(long s) { return edit(b -> b.seed = s); }
    public TrainerConfig withLogEvery(int l) { return edit(b -> b.logEvery = l); }
    public TrainerConfig withProgressBar(boolean p) { return edit(b -> b.progressBar = p); }
    public TrainerConfig withWeightDecay(double wd) { return edit(b -> b.weightDecay = wd); }
    public TrainerConfig withMaxGradNorm(double n) { return edit(b -> b.maxGradNorm = n); }
    public TrainerConfig withSaveEvery(long n) { return edit(b -> b.saveEvery = n); }
    public TrainerConfig withOutDir(Path d) { return edit(b -> b.outDir = d); }

    /** A copy of this config with {@code change} applied (then validated by the constructor again). */
    private TrainerConfig edit(Consumer<Editable> change) {
        Editable b = new Editable(this);
        change.accept(b);
        return b.build();
    }

    /** The fields as variables, so each with-method names only what it changes. */
    private static final class Editable {
        int epochs;
        long maxSteps;
        int gradAccumulation;
        double learningRate;
        double weightDecay;
        double warmupRatio;
        Schedule schedule;
        double maxGradNorm;
        long evalEvery;
        String bestMetric;
        boolean greaterIsBetter;
        int earlyStoppingPatience;
        long seed;
        int logEvery;
        boolean progressBar;
        Path outDir;
        long saveEvery;

        Editable(TrainerConfig c) {
            epochs = c.epochs;
            maxSteps = c.maxSteps;
            gradAccumulation = c.gradAccumulation;
            learningRate = c.learningRate;
            weightDecay = c.weightDecay;
            warmupRatio = c.warmupRatio;
            schedule = c.schedule;
            maxGradNorm = c.maxGradNorm;
            evalEvery = c.evalEvery;
            bestMetric = c.bestMetric;
            greaterIsBetter = c.greaterIsBetter;
            earlyStoppingPatience = c.earlyStoppingPatience;
            seed = c.seed;
            logEvery = c.logEvery;
            progressBar = c.progressBar;
            outDir = c.outDir;
            saveEvery = c.saveEvery;
        }

        TrainerConfig build() {
            return new TrainerConfig(epochs, maxSteps, gradAccumulation, learningRate, weightDecay, warmupRatio, schedule, maxGradNorm, evalEvery, bestMetric, greaterIsBetter, earlyStoppingPatience, seed, logEvery, progressBar, outDir, saveEvery);
        }
    }
}
