package org.peft4j.cli.finetune;

import org.peft4j.finetune.data.TaskType;
import org.peft4j.finetune.train.TrainResult;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One task family's training and evaluation for the CLI; both return sections of metrics.json. */
public interface TaskRun {
    /** The key of train()'s whole result when the run paused at --stop-after-steps (value: the step). */
    String PAUSED = "paused_at_step";

    /** Trains (from the checkpoint folder {@code resume}, or fresh when null) and evaluates the result. */
    Map<String, Object> train(Path resume);

    /** Evaluates the model as it is (the eval command, after loading an adapter). */
    Map<String, Object> evaluate();

    static TaskRun of(RunContext ctx) {
        return ctx.data().task().type() == TaskType.GENERATION ? new GenerationRun(ctx) : new ClassificationRun(ctx);
    }

    static Map<String, Object> trainingSection(TrainResult r, TrainSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", r.steps());
        m.put("epochs", s.maxSteps() > 0 ? null : s.epochs());
        m.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        m.put("best_metric", Double.isInfinite(r.bestMetric()) ? null : r.bestMetric());
        m.put("best_step", r.bestStep() < 0 ? null : r.bestStep());
        m.put("stopped_early", r.stoppedEarly());
        return m;
    }
}
