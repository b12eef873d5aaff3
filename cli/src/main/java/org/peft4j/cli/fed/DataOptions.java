package org.peft4j.cli.fed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.peft4j.finetune.data.BenchmarkDatasets;
import org.peft4j.finetune.data.BuiltinDatasets;
import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.TaskSpec;
import org.peft4j.finetune.data.Tasks;
import picocli.CommandLine.Option;

/** Where the examples come from: the built-in SST-2 sample, a GLUE-style data folder, or one data file. */
public final class DataOptions {
    @Option(names = "--task", defaultValue = "sst2", description = "task (sst2, cola, mrpc, rte, agnews, ...); default ${DEFAULT-VALUE}")
    String task;

    @Option(names = "--data", defaultValue = "builtin", description = "builtin (the SST-2 sample in the jar), a data root folder "
            + "(<root>/sst2/train.tsv, dev.tsv, as /work/shared/datasets), or one data file in the task's format (e.g. a client file of `fed partition`); default ${DEFAULT-VALUE}")
    String data;

    @Option(names = "--max-length", defaultValue = "64", description = "tokens per example after truncation; default ${DEFAULT-VALUE}")
    int maxLength;

    @Option(names = "--train-limit", defaultValue = "0", description = "use only the first N training rows (0 = all)")
    int trainLimit;

    @Option(names = "--eval-limit", defaultValue = "0", description = "evaluate on only the first N validation rows (0 = all)")
    int evalLimit;

    public TaskSpec taskSpec() { return Tasks.get(task); }

    /** The train and validation splits (a single file gives training rows only). */
    public DatasetSplits splits() {
        TaskSpec t = taskSpec();
        DatasetSplits s;
        if (data.equals("builtin")) {
            if (!t.name().equals("sst2")) throw new IllegalArgumentException("--data builtin holds SST-2 only; give --data for task " + t.name());
            s = BuiltinDatasets.sst2Sample();
        } else {
            Path p = Path.of(data);
            if (Files.isDirectory(p)) s = BenchmarkDatasets.load(t, p, 0);
            else if (Files.isRegularFile(p)) s = new DatasetSplits(t, BenchmarkDatasets.readFile(t, p), List.of(), List.of(), p.toString());
            else throw new IllegalArgumentException("--data: " + data + " is neither 'builtin' nor an existing file or folder");
        }
        List<Example> train = trainLimit > 0 && trainLimit < s.train().size() ? s.train().subList(0, trainLimit) : s.train();
        return new DatasetSplits(t, train, s.validation(), List.of(), s.provenance());
    }

    public String describe() { return data.equals("builtin") ? "built-in SST-2 sample" : data; }
}
