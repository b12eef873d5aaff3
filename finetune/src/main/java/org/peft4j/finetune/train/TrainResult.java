package org.peft4j.finetune.train;

import java.util.List;
import java.util.Map;

/**
 * What a run produced: steps taken, the last and best evaluation, whether early stopping ended it, the history,
 * and whether the run is complete (false when it paused at {@code stopAtStep}, leaving a checkpoint to resume).
 */
public record TrainResult(long steps, Map<String, Double> finalMetrics, double bestMetric, long bestStep,
                          boolean stoppedEarly, List<TrainLog.Entry> history, double seconds, boolean completed) {
}
