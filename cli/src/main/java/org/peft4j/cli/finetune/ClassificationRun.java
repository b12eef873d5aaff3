package org.peft4j.cli.finetune;

import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.TaskSpec;
import org.peft4j.finetune.task.EncodedSet;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.finetune.task.TextClassification;
import org.peft4j.finetune.train.TrainResult;
import org.peft4j.finetune.train.Trainer;
import org.peft4j.transformer.nn.Dropout;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Classification and regression (GLUE, AG News): train on the train split, score the validation split. */
final class ClassificationRun implements TaskRun {
    private final RunContext ctx;
    private final TextClassification task;

    ClassificationRun(RunContext ctx) {
        this.ctx = ctx;
        this.task = new TextClassification(ctx.loaded().model(), ctx.data().task(), ctx.loaded().tokenizer());
    }

    @Override
    public Map<String, Object> train(Path resume) {
        TrainSettings s = ctx.settings();
        EncodedSet train = task.encode(ctx.trainExamples(), s.maxLength());
        EncodedSet val = encodeValidation();
        ctx.note(train.truncationNote("train"));
        TaskSpec spec = ctx.data().task();
        String best = spec.metrics().getFirst().key();
        Trainer<TextBatch> trainer = new Trainer<TextBatch>(ctx.peft().trainableParameters(), s.trainerConfig(best, true, ctx.out()))
                .onReseed(seed -> Dropout.reseedAll(ctx.loaded().model(), seed));
        List<TextBatch> evalBatches = task.evalBatches(val, s.evalBatch());
        TrainResult r = trainer.fit(task.trainPlan(train, s.batch(), s.seed(), s.lengthBuckets()), task.trainStep(),
                task.evaluator(evalBatches), resume, s.stopAtStep());
        if (!r.completed()) return Map.of(TaskRun.PAUSED, r.steps());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("examples", Map.of("train", train.size(), "validation", val.size()));
        report.put("truncated", Map.of("train", train.truncated(), "validation", val.truncated(), "max_length", s.maxLength()));
        report.put("training", TaskRun.trainingSection(r, s));
        report.put("validation", r.finalMetrics().isEmpty() ? task.evaluate(evalBatches) : r.finalMetrics());
        return report;
    }

    @Override
    public Map<String, Object> evaluate() {
        EncodedSet val = encodeValidation();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("examples", Map.of("validation", val.size()));
        report.put("truncated", Map.of("validation", val.truncated(), "max_length", ctx.settings().maxLength()));
        report.put("validation", task.evaluate(task.evalBatches(val, ctx.settings().evalBatch())));
        return report;
    }

    private EncodedSet encodeValidation() {
        List<Example> rows = ctx.firstOf(ctx.data().validation());
        if (rows.isEmpty()) throw new IllegalArgumentException("no validation examples (" + ctx.data().provenance() + ")");
        EncodedSet val = task.encode(rows, ctx.settings().maxLength());
        ctx.note(val.truncationNote("validation"));
        return val;
    }
}
