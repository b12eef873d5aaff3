package org.peft4j.cli.finetune;

import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.task.CausalLm;
import org.peft4j.finetune.task.GenerationEvaluation;
import org.peft4j.finetune.task.LmBatch;
import org.peft4j.finetune.task.LmEncodedSet;
import org.peft4j.finetune.train.TrainResult;
import org.peft4j.finetune.train.Trainer;
import org.peft4j.transformer.nn.Dropout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-to-text generation (E2E) as causal-LM fine-tuning: train on (source, reference) pairs with the loss on the
 * reference tokens only, then on the test split: the teacher-forced loss, greedy generation per distinct source and
 * the E2E metrics. The outputs go to predictions.txt (one line per source, in test order) when there is an out folder.
 */
final class GenerationRun implements TaskRun {
    private final RunContext ctx;
    private final CausalLm task;

    GenerationRun(RunContext ctx) {
        this.ctx = ctx;
        this.task = new CausalLm(ctx.loaded().model(), ctx.data().task(), ctx.loaded().tokenizer());
    }

    @Override
    public Map<String, Object> train(Path resume) {
        TrainSettings s = ctx.settings();
        LmEncodedSet train = task.encode(ctx.trainExamples(), s.maxLength());
        ctx.note(train.truncationNote("train"));
        // No validation split here (E2E's dev file is the training data): the run is judged on test once, at the end.
        Trainer<LmBatch> trainer = new Trainer<LmBatch>(ctx.peft().trainableParameters(), s.trainerConfig("eval_loss", false, ctx.out()))
                .onReseed(seed -> Dropout.reseedAll(ctx.loaded().model(), seed));
        TrainResult r = trainer.fit(task.trainPlan(train, s.batch(), s.seed(), s.lengthBuckets()), task.trainStep(), null, resume, s.stopAtStep());
        if (!r.completed()) return Map.of(TaskRun.PAUSED, r.steps());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("training", TaskRun.trainingSection(r, s));
        Map<String, Object> test = evaluate();
        report.put("examples", Map.of("train", train.size(), "test", test.remove("test_rows")));
        Map<String, Object> truncated = new LinkedHashMap<>();
        truncated.put("train", train.truncated());
        truncated.putAll(castMap(test.remove("truncated")));
        report.put("truncated", truncated);
        report.putAll(test);
        return report;
    }

    @Override
    public Map<String, Object> evaluate() {
        TrainSettings s = ctx.settings();
        List<Example> rows = ctx.firstOf(ctx.data().test());
        if (rows.isEmpty()) throw new IllegalArgumentException("no test examples to generate for (" + ctx.data().provenance() + ")");
        LmEncodedSet test = task.encode(rows, s.maxLength());
        ctx.note(test.truncationNote("test"));
        Map<String, Double> loss = task.evaluateLoss(task.evalBatches(test, s.evalBatch()));
        int maxPrompt = Math.max(1, Math.min(s.maxLength(), ctx.loaded().model().maxPositions() - s.maxNewTokens()));
        ctx.note("generating for the test sources (greedy, at most " + s.maxNewTokens() + " new tokens each)...");
        GenerationEvaluation.Result g = GenerationEvaluation.evaluate(task, rows, maxPrompt, s.maxNewTokens(), s.evalBatch());
        if (ctx.out() != null) writePredictions(ctx.out().resolve("predictions.txt"), g.generations().texts());
        Map<String, Object> metrics = new LinkedHashMap<>(g.metrics());
        metrics.putAll(loss);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("test_rows", Map.of("rows", rows.size(), "sources", g.instances().size()));
        report.put("truncated", Map.of("test", test.truncated(), "test_prompts", g.generations().truncatedPrompts(),
                "max_length", s.maxLength()));
        report.put("test", metrics);
        report.put("generation", Map.of("decoding", "greedy", "max_new_tokens", s.maxNewTokens(),
                "outputs_without_eos", g.generations().withoutEos(), "meteor_note", g.meteorNote(),
                "samples", g.generations().texts().subList(0, Math.min(3, g.generations().texts().size()))));
        return report;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) { return (Map<String, Object>) o; }

    private static void writePredictions(Path file, List<String> texts) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, texts.stream().map(t -> t.replace('\n', ' ')).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
