package org.peft4j.cli.finetune;

import org.peft4j.finetune.data.BenchmarkDatasets;
import org.peft4j.finetune.data.BuiltinDatasets;
import org.peft4j.finetune.data.ColumnSpec;
import org.peft4j.finetune.data.DatasetFormatException;
import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.Shuffle;
import org.peft4j.finetune.data.TaskSpec;
import org.peft4j.finetune.data.Tasks;
import org.peft4j.finetune.data.UserDatasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a task's data for the CLI. {@code --data} may be the shared datasets folder (holding {@code sst2/},
 * {@code ag_news/}, {@code e2e_nlg/}, ...), one task's folder inside it, or a user's own CSV/TSV/JSONL file (read
 * with the given columns; validation from {@code --eval-data}, else a seeded 10% holdout). Without {@code --data}
 * the shared folder {@code ../shared/datasets} is used when it holds the task, else the built-in SST-2 sample for sst2.
 */
public final class DataLoader {
    private DataLoader() {}

    /** The share of a single user file held out for validation when no --eval-data is given. */
    public static final double HOLDOUT_FRACTION = 0.1;

    /** The folder name of a task inside the shared datasets folder. */
    public static String folderOf(TaskSpec task) {
        return switch (task.name()) {
            case "agnews" -> "ag_news";
            case "e2e" -> "e2e_nlg";
            default -> task.name();
        };
    }

    /** The shared datasets folder: -Dpeft4j.shared or $PEFT4J_SHARED (+ /datasets), else ../shared/datasets. */
    public static Path defaultRoot() {
        String shared = System.getProperty("peft4j.shared", System.getenv("PEFT4J_SHARED"));
        return shared != null ? Path.of(shared, "datasets") : Path.of("..", "shared", "datasets");
    }

    public static DatasetSplits load(TaskSpec task, Path data, Path evalData, ColumnSpec columns, long seed) {
        if (data == null) {
            Path root = defaultRoot();
            if (Files.isDirectory(root.resolve(folderOf(task)))) return BenchmarkDatasets.load(task, root, seed);
            if (task == Tasks.SST2) return BuiltinDatasets.sst2Sample();
            throw new IllegalArgumentException("no data for task " + task.name() + ": " + root.resolve(folderOf(task))
                    + " does not exist; pass --data (the datasets folder, the task's folder, or your own CSV/TSV/JSONL file)");
        }
        if (Files.isDirectory(data)) {
            if (evalData != null) throw new IllegalArgumentException("--eval-data goes with a --data file; " + data + " is a folder with its own splits");
            if (Files.isDirectory(data.resolve(folderOf(task)))) return BenchmarkDatasets.load(task, data, seed);
            Path name = data.toAbsolutePath().normalize().getFileName();
            if (name != null && name.toString().equals(folderOf(task)))
                return BenchmarkDatasets.load(task, data.toAbsolutePath().normalize().getParent(), seed);
            throw new IllegalArgumentException("--data " + data + ": expected the datasets folder holding " + folderOf(task)
                    + "/, the " + folderOf(task) + "/ folder itself, or a CSV/TSV/JSONL file");
        }
        if (!Files.isRegularFile(data)) throw new DatasetFormatException(data.toString(), 0, "file not found");
        List<Example> rows = UserDatasets.read(data, task, columns);
        if (rows.isEmpty()) throw new DatasetFormatException(data.toString(), 0, "the file holds no examples");
        if (evalData != null) {
            List<Example> eval = UserDatasets.read(evalData, task, columns);
            if (eval.isEmpty()) throw new DatasetFormatException(evalData.toString(), 0, "the file holds no examples");
            return split(task, rows, eval, data + " (train), " + evalData + " (validation)");
        }
        if (rows.size() < 2) throw new DatasetFormatException(data.toString(), 0, "one example cannot be split into train and validation; add rows or pass --eval-data");
        int held = Math.max(1, (int) Math.round(rows.size() * HOLDOUT_FRACTION));
        List<List<Example>> parts = Shuffle.holdout(rows, rows.size() - held, held, seed);
        return split(task, parts.get(0), parts.get(1), data + ": seeded shuffle (seed " + seed + ") into " + parts.get(0).size()
                + " train / " + held + " validation rows");
    }

    /** A generation task evaluates on test; a classification task on validation. */
    private static DatasetSplits split(TaskSpec task, List<Example> train, List<Example> eval, String provenance) {
        return task.type() == org.peft4j.finetune.data.TaskType.GENERATION
                ? new DatasetSplits(task, train, List.of(), eval, provenance)
                : new DatasetSplits(task, train, eval, List.of(), provenance);
    }
}
