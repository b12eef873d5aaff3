package org.peft4j.cli;

import org.peft4j.cli.finetune.CommandFailures;
import org.peft4j.cli.finetune.DataLoader;
import org.peft4j.cli.finetune.FederaStart;
import org.peft4j.cli.finetune.JsonFiles;
import org.peft4j.cli.finetune.MethodSpec;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code peft4j finetune}: fine-tunes a model on a task with a PEFT method and writes, into --out, the adapter in
 * Hugging Face PEFT format, metrics.json, run.json (what eval needs to repeat the evaluation), the JSON-lines
 * training log, the loss/metric plots, and the resumable checkpoint.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fine-tune a model on a task (sst2, cola, mrpc, rte, stsb, agnews, e2e) with LoRA, adapters, IA3, BitFit or full fine-tuning.")
public final class FinetuneCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Hugging Face model folder, or 'minilm' for the built-in all-MiniLM-L6-v2 (default)")
    String model;
    @Option(names = "--tokenizer", description = "tokenizer.json to use instead of the model folder's")
    Path tokenizer;
    @Option(names = "--random-init", description = "build the model from the folder's config.json with random weights (train from scratch)")
    boolean randomInit;
    @Option(names = "--task", required = true, description = "sst2, cola, mrpc, rte, stsb, agnews or e2e")
    String task;
    @Option(names = "--data", description = "datasets folder, the task's folder, or a CSV/TSV/JSONL file (default: ../shared/datasets, else the built-in SST-2 sample)")
    Path data;
    @Option(names = "--eval-data", description = "validation (test for e2e) file beside a --data file (default: a seeded 10%% holdout)")
    Path evalData;
    @Option(names = "--text-column", defaultValue = "text", description = "column/key of the text in a --data file (default: ${DEFAULT-VALUE})")
    String textColumn;
    @Option(names = "--text-pair-column", description = "column/key of the second text (pair tasks)")
    String textPairColumn;
    @Option(names = "--label-column", defaultValue = "label", description = "column/key of the label, target or reference (default: ${DEFAULT-VALUE})")
    String labelColumn;

    @Option(names = "--method", defaultValue = "lora", description = "lora, adapter, ia3, bitfit or full (default: ${DEFAULT-VALUE})")
    String method;
    @Option(names = "--r", defaultValue = "8", description = "LoRA rank (default: ${DEFAULT-VALUE})")
    int r;
    @Option(names = "--alpha", defaultValue = "16", description = "LoRA alpha (default: ${DEFAULT-VALUE})")
    double alpha;
    @Option(names = "--lora-dropout", defaultValue = "0.1", description = "dropout on LoRA's input (default: ${DEFAULT-VALUE})")
    double loraDropout;
    @Option(names = "--init", defaultValue = "default", description = "LoRA init: default, gaussian or federa (default: ${DEFAULT-VALUE})")
    String init;
    @Option(names = "--federa-niter", defaultValue = "4", description = "power iterations of FeDeRA's randomized SVD (default: ${DEFAULT-VALUE})")
    int federaNiter;
    @Option(names = "--target-modules", split = ",", description = "modules to adapt; aliases q,k,v,o,up,down,gate (default: PEFT's for the model)")
    List<String> targetModules;
    @Option(names = "--layers", description = "layers to adapt: all, last:N, or indices such as 0,-1 (default: all)")
    String layers;
    @Option(names = "--reduction-factor", defaultValue = "16", description = "bottleneck adapter: hidden size / adapter width (default: ${DEFAULT-VALUE})")
    int reductionFactor;
    @Option(names = "--adapter-style", defaultValue = "houlsby", description = "bottleneck adapter: houlsby or pfeiffer (default: ${DEFAULT-VALUE})")
    String adapterStyle;

    @Option(names = "--epochs", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--max-steps", defaultValue = "0", description = "stop after this many optimizer steps (overrides --epochs; 0 = off)")
    long maxSteps;
    @Option(names = "--batch", defaultValue = "16", description = "(default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--grad-accum", defaultValue = "1", description = "micro-batches per optimizer step (default: ${DEFAULT-VALUE})")
    int gradAccum;
    @Option(names = "--lr", defaultValue = "5e-4", description = "peak learning rate of AdamW (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--weight-decay", defaultValue = "0.01", description = "(default: ${DEFAULT-VALUE})")
    double weightDecay;
    @Option(names = "--warmup", defaultValue = "0.06", description = "warmup share of the steps (default: ${DEFAULT-VALUE})")
    double warmup;
    @Option(names = "--schedule", defaultValue = "linear", description = "constant, linear or cosine (default: ${DEFAULT-VALUE})")
    String schedule;
    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "clip the global gradient norm (0 = off; default: ${DEFAULT-VALUE})")
    double maxGradNorm;
    @Option(names = "--max-length", defaultValue = "128", description = "tokens per example, special tokens included; longer rows are truncated and counted (default: ${DEFAULT-VALUE})")
    int maxLength;
    @Option(names = "--seed", defaultValue = "0", description = "(default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--eval-every", defaultValue = "0", description = "evaluate every N steps (0 = after each epoch)")
    long evalEvery;
    @Option(names = "--eval-batch", defaultValue = "64", description = "(default: ${DEFAULT-VALUE})")
    int evalBatch;
    @Option(names = "--max-train", defaultValue = "0", description = "train on a seeded subset of this many examples (0 = all)")
    int maxTrain;
    @Option(names = "--max-eval", defaultValue = "0", description = "evaluate on the first N examples (0 = all)")
    int maxEval;
    @Option(names = "--no-length-buckets", description = "plain shuffled batches instead of grouping examples of similar length")
    boolean noLengthBuckets;
    @Option(names = "--max-new-tokens", defaultValue = "64", description = "generation tasks: tokens generated per source at most (default: ${DEFAULT-VALUE})")
    int maxNewTokens;
    @Option(names = "--log-every", defaultValue = "10", description = "log the training loss every N steps (default: ${DEFAULT-VALUE})")
    int logEvery;
    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;
    @Option(names = "--stop-after-steps", defaultValue = "0", description = "pause after N optimizer steps, leaving a checkpoint for --resume (0 = off)")
    long stopAfterSteps;
    @Option(names = "--save-every", defaultValue = "500", description = "also write the resumable checkpoint every N steps (0 = at epoch ends only; default: ${DEFAULT-VALUE})")
    long saveEvery;
    @Option(names = "--resume", description = "continue the run in --out from its checkpoint (same options)")
    boolean resume;
    @Option(names = "--out", required = true, description = "output folder")
    Path out;
    @Mixin
    TraceOption trace;

    @Spec
    CommandSpec commandSpec;

    PrintStream outStream = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        return CommandFailures.run("finetune", err, this::execute);
    }

    private int execute() throws Exception {
        TaskSpec spec = Tasks.get(task);
        MethodSpec methodSpec = new MethodSpec(method, r, alpha, loraDropout, init, federaNiter, targetModules, layers,
                reductionFactor, adapterStyle, seed);
        TrainSettings settings = new TrainSettings(epochs, maxSteps, batch, gradAccum, lr, weightDecay, warmup, schedule,
                maxGradNorm, maxLength, seed, evalEvery, evalBatch, maxTrain, maxEval, !noLengthBuckets, maxNewTokens, logEvery, !noProgress, stopAfterSteps, saveEvery);
        Path checkpoint = out.resolve("checkpoint");
        if (resume && !Files.isDirectory(checkpoint))
            throw new IllegalArgumentException("--resume: " + checkpoint + " does not exist (nothing to resume)");
        if (!resume && Files.exists(out.resolve("metrics.json")))
            throw new IllegalArgumentException("--out " + out + " already holds a finished run (metrics.json); choose another folder");

        RunRecord record = new RunRecord(ModelLoader.isBuiltin(model) ? ModelLoader.BUILTIN : RunRecord.absolute(Path.of(model)),
                RunRecord.absolute(tokenizer), randomInit, spec.name(), RunRecord.absolute(data), RunRecord.absolute(evalData),
                textColumn, textPairColumn, labelColumn, methodSpec, settings, commandLine());
        if (resume) checkSameRun(record);

        ColumnSpec columns = new ColumnSpec(textColumn, textPairColumn, labelColumn);
        DatasetSplits splits = DataLoader.load(spec, data, evalData, columns, seed);
        err.println("data: " + splits.provenance() + " (" + splits.train().size() + " train, "
                + splits.validation().size() + " validation, " + splits.test().size() + " test rows)");
        ModelLoader.Loaded loaded = ModelLoader.load(model, tokenizer, randomInit, seed, spec);
        err.println("model: " + loaded.description());
        try (var m = loaded.model()) {
            PeftModel peft = Peft.apply(m, methodSpec.toConfig(m));
            err.printf("method: %s, %,d trainable of %,d parameters (%.3f%%)%n", methodSpec.method(), peft.numTrainableParameters(),
                    peft.numParameters(), 100.0 * peft.numTrainableParameters() / peft.numParameters());
            JsonFiles.write(out.resolve(RunRecord.FILE), record.toJson());
            if (FederaStart.saveIfFedera(peft, out)) err.println("FeDeRA: the starting adapter is kept in " + FederaStart.FILE + " (eval needs it)");

            RunContext ctx = new RunContext(loaded, peft, splits, settings, out, err);
            Map<String, Object> result = trace.traced(() -> TaskRun.of(ctx).train(resume ? checkpoint : null), err);
            if (result.containsKey(TaskRun.PAUSED)) {
                outStream.println("paused at step " + result.get(TaskRun.PAUSED) + "; the checkpoint is in " + checkpoint
                        + "; continue with the same options plus --resume");
                return 0;
            }
            Peft.save(peft, out);

            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("task", spec.name());
            metrics.put("method", methodSpec.method());
            metrics.put("model", loaded.description());
            metrics.put("data", splits.provenance());
            metrics.put("parameters", Map.of("trainable", peft.numTrainableParameters(), "total", peft.numParameters()));
            metrics.putAll(result);
            metrics.put("finished", Instant.now().toString());
            JsonFiles.write(out.resolve("metrics.json"), metrics);
            report(metrics);
        }
        return 0;
    }

    /** The arguments as given, recorded in run.json. */
    private List<String> commandLine() {
        if (commandSpec == null || commandSpec.commandLine().getParseResult() == null) return List.of();
        List<String> given = commandSpec.commandLine().getParseResult().originalArgs();
        // Under `peft4j`, picocli hands the subcommand the whole command line, its own name included: keep what follows.
        int own = commandSpec.parent() == null ? -1 : given.indexOf(commandSpec.name());
        List<String> args = new ArrayList<>(List.of("peft4j", "finetune"));
        args.addAll(given.subList(own + 1, given.size()));
        return args;
    }

    /** A resumed run must be the run that was started: same model, data, method and settings. */
    private void checkSameRun(RunRecord now) throws Exception {
        Path file = out.resolve(RunRecord.FILE);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--resume: " + file + " is missing, so the run cannot be checked");
        Map<String, Object> before = comparable(JsonFiles.JSON.convertValue(JsonFiles.read(file), Map.class));
        Map<String, Object> after = comparable(JsonFiles.JSON.convertValue(JsonFiles.JSON.readTree(JsonFiles.JSON.writeValueAsString(now.toJson())), Map.class));
        if (!before.equals(after))
            throw new IllegalArgumentException("--resume: the options differ from the run in " + out + " (see its run.json): was "
                    + before + ", now " + after);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> comparable(Map<String, Object> run) {
        Map<String, Object> m = new LinkedHashMap<>(run);
        m.remove("command_line");
        Map<String, Object> settings = new LinkedHashMap<>((Map<String, Object>) m.get("settings"));
        settings.remove("stop_after_steps");
        settings.remove("save_every");
        m.put("settings", settings);
        return m;
    }

    private void report(Map<String, Object> metrics) throws Exception {
        List<String> keys = new ArrayList<>(List.of("examples", "truncated", "training", "validation", "test"));
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String k : keys) if (metrics.containsKey(k)) shown.put(k, metrics.get(k));
        outStream.println(JsonFiles.JSON.writeValueAsString(shown));
        outStream.println("wrote " + out.toAbsolutePath().normalize() + " (adapter, metrics.json, run.json, train_log.jsonl, plots, checkpoint)");
    }
}
