package org.peft4j.cli;

import org.peft4j.cli.finetune.CommandFailures;
import org.peft4j.cli.finetune.DataLoader;
import org.peft4j.cli.finetune.FederaStart;
import org.peft4j.cli.finetune.JsonFiles;
import org.peft4j.cli.finetune.ModelLoader;
import org.peft4j.cli.finetune.RunContext;
import org.peft4j.cli.finetune.RunRecord;
import org.peft4j.cli.finetune.TaskRun;
import org.peft4j.cli.finetune.TrainSettings;
import org.peft4j.finetune.data.ColumnSpec;
import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.finetune.data.TaskSpec;
import org.peft4j.finetune.data.Tasks;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code peft4j eval --adapter DIR [--model DIR] [--task sst2]}: loads a model with an adapter and scores it on the
 * task's validation split (test for generation tasks). When DIR holds the run.json of a finetune run, the model,
 * data, columns and lengths default to that run's, so the numbers repeat its metrics.json.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a model with a fine-tuned adapter on a task's validation split (test split for e2e).")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--adapter", required = true, description = "adapter folder (adapter_config.json + adapter_model.safetensors), e.g. a finetune --out")
    Path adapter;
    @Option(names = "--model", description = "base model folder or 'minilm' (default: the run's, else minilm)")
    String model;
    @Option(names = "--tokenizer", description = "tokenizer.json instead of the model folder's (default: the run's)")
    Path tokenizer;
    @Option(names = "--task", description = "task (default: the run's)")
    String task;
    @Option(names = "--data", description = "datasets folder, task folder or file (default: the run's)")
    Path data;
    @Option(names = "--eval-data", description = "evaluation file beside a --data file (default: the run's)")
    Path evalData;
    @Option(names = "--text-column", description = "(default: the run's, else text)")
    String textColumn;
    @Option(names = "--text-pair-column", description = "(default: the run's)")
    String textPairColumn;
    @Option(names = "--label-column", description = "(default: the run's, else label)")
    String labelColumn;
    @Option(names = "--max-length", description = "(default: the run's, else 128)")
    Integer maxLength;
    @Option(names = "--eval-batch", description = "(default: the run's, else 64)")
    Integer evalBatch;
    @Option(names = "--max-eval", description = "evaluate on the first N examples (default: the run's, else all)")
    Integer maxEval;
    @Option(names = "--max-new-tokens", description = "generation tasks (default: the run's, else 64)")
    Integer maxNewTokens;
    @Option(names = "--seed", description = "seed of a seeded split or random init (default: the run's, else 0)")
    Long seed;
    @Option(names = "--out", description = "write the metrics here as JSON (and predictions.txt beside it for generation tasks)")
    Path out;

    PrintStream outStream = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        return CommandFailures.run("eval", err, this::execute);
    }

    private int execute() throws Exception {
        Path runFile = adapter.resolve(RunRecord.FILE);
        RunRecord run = Files.isRegularFile(runFile) ? RunRecord.fromJson(JsonFiles.read(runFile), runFile.toString()) : null;
        String taskName = task != null ? task : run != null ? run.task() : null;
        if (taskName == null) throw new IllegalArgumentException("--task is required: " + runFile + " does not exist to name it");
        TaskSpec spec = Tasks.get(taskName);
        String modelArg = model != null ? model : run != null ? run.model() : null;
        Path tok = tokenizer != null ? tokenizer : run != null && run.tokenizer() != null ? Path.of(run.tokenizer()) : null;
        boolean randomInit = run != null && run.randomInit() && model == null;
        long s = seed != null ? seed : run != null ? run.settings().seed() : 0;
        Path dataPath = data != null ? data : run != null && run.data() != null ? Path.of(run.data()) : null;
        Path evalPath = evalData != null ? evalData : data == null && run != null && run.evalData() != null ? Path.of(run.evalData()) : null;
        ColumnSpec columns = new ColumnSpec(pick(textColumn, run == null ? null : run.textColumn(), "text"),
                pick(textPairColumn, run == null ? null : run.textPairColumn(), null),
                pick(labelColumn, run == null ? null : run.labelColumn(), "label"));
        TrainSettings base = run != null ? run.settings() : null;
        TrainSettings settings = new TrainSettings(1, 0, 1, 1, 1e-3, 0, 0, "linear", 0,
                maxLength != null ? maxLength : base != null ? base.maxLength() : 128, s, 0,
                evalBatch != null ? evalBatch : base != null ? base.evalBatch() : 64, 0,
                maxEval != null ? maxEval : base != null ? base.maxEval() : 0, false,
                maxNewTokens != null ? maxNewTokens : base != null ? base.maxNewTokens() : 64, 1, false, 0, 0);

        DatasetSplits splits = DataLoader.load(spec, dataPath, evalPath, columns, s);
        ModelLoader.Loaded loaded = ModelLoader.load(modelArg, tok, randomInit, s, spec);
        err.println("model: " + loaded.description());
        try (var m = loaded.model()) {
            PeftModel peft = Peft.load(m, adapter);
            if (FederaStart.restoreIfPresent(peft, adapter)) err.println("FeDeRA adapter: base replaced by its residual from " + FederaStart.FILE);
            Path predictionsDir = out == null ? null : out.toAbsolutePath().getParent();
            RunContext ctx = new RunContext(loaded, peft, splits, settings, predictionsDir, err);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("task", spec.name());
            result.put("adapter", adapter.toAbsolutePath().normalize().toString());
            result.put("model", loaded.description());
            result.put("data", splits.provenance());
            result.putAll(TaskRun.of(ctx).evaluate());
            if (out != null) JsonFiles.write(out, result);
            outStream.println(JsonFiles.JSON.writeValueAsString(result));
        }
        return 0;
    }

    private static String pick(String given, String fromRun, String fallback) {
        return given != null ? given : fromRun != null ? fromRun : fallback;
    }
}
