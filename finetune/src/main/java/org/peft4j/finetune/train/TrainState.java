package org.peft4j.finetune.train;

/**
 * Where a run stands, saved in every checkpoint so a resumed run continues exactly: the optimizer step, the
 * epoch and how many of its batches were consumed, and the early-stopping bookkeeping.
 */
public record TrainState(long step, int epoch, int batchInEpoch, double bestMetric, long bestStep, int evalsWithoutImprovement) {
    static TrainState start(boolean greaterIsBetter) {
        return new TrainState(0, 0, 0, greaterIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, -1, 0);
    }
}
