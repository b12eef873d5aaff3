package org.peft4j.cli.finetune;

import org.peft4j.finetune.train.Schedule;
import org.peft4j.finetune.train.TrainerConfig;

import java.nio.file.Path;

/**
 * The training and evaluation settings of a CLI run (everything but the model, data and method).
 *
 * @param maxTrain        use at most this many training examples (a seeded subset), 0 = all
 * @param maxEval         evaluate on at most this many examples (the first ones), 0 = all
 * @param lengthBuckets   batch examples of similar length together (less padding)
 * @param maxNewTokens    generation: tokens generated per source at most
 * @param stopAfterSteps  pause after this many optimizer steps, leaving a checkpoint for --resume (0 = run to the end)
 * @param saveEvery       also write the checkpoint every this many steps (0 = at epoch ends only)
 */
public record TrainSettings(int epochs, long maxSteps, int batch, int gradAccumulation, double lr, double weightDecay,
                            double warmupRatio, String schedule, double maxGradNorm, int maxLength, long seed,
                            long evalEvery, int evalBatch, int maxTrain, int maxEval, boolean lengthBuckets,
                            int maxNewTokens, int logEvery, boolean progressBar, long stopAfterSteps, long saveEvery) {

    public TrainSettings {
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        if (evalBatch < 1) throw new IllegalArgumentException("--eval-batch must be >= 1, got " + evalBatch);
        if (maxLength < 2) throw new IllegalArgumentException("--max-length must be >= 2, got " + maxLength);
        if (maxTrain < 0 || maxEval < 0) throw new IllegalArgumentException("--max-train/--max-eval must be >= 0");
        if (maxNewTokens < 1) throw new IllegalArgumentException("--max-new-tokens must be >= 1, got " + maxNewTokens);
        if (stopAfterSteps < 0) throw new IllegalArgumentException("--stop-after-steps must be >= 0, got " + stopAfterSteps);
    }

    /** The step at which Trainer.fit should pause (no limit when 0). */
    public long stopAtStep() { return stopAfterSteps > 0 ? stopAfterSteps : Long.MAX_VALUE; }

    /** The trainer's configuration; best-checkpoint tracking follows the task's first metric. */
    public TrainerConfig trainerConfig(String bestMetric, boolean greaterIsBetter, Path out) {
        return TrainerConfig.defaults().withEpochs(epochs).withMaxSteps(maxSteps).withGradAccumulation(gradAccumulation)
                .withLearningRate(lr).withWeightDecay(weightDecay).withWarmupRatio(warmupRatio)
                .withSchedule(Schedule.parse(schedule)).withMaxGradNorm(maxGradNorm).withEvalEvery(evalEvery)
                .withBestMetric(bestMetric, greaterIsBetter).withSeed(seed).withLogEvery(logEvery)
                .withProgressBar(progressBar).withOutDir(out).withSaveEvery(saveEvery);
    }
}
