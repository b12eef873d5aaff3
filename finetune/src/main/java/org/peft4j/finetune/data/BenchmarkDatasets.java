package org.peft4j.finetune.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the benchmark files laid out as in the shared datasets folder (see its README):
 * {@code sst2/ cola/ mrpc/ rte/ stsb/} with {@code train.tsv} and {@code dev.tsv},
 * {@code ag_news/test.csv} and {@code e2e_nlg/devset.csv, testset_w_refs.csv}.
 * Train/validation come from the files where they exist; where a split is missing the substitute
 * is a seeded re-split, stated in {@link DatasetSplits#provenance()}.
 */
public final class BenchmarkDatasets {
    private BenchmarkDatasets() {}

    /** AG News ships only its test split here: it is re-split into this many train / validation rows. */
    public static final int AGNEWS_TRAIN_ROWS = 6000;
    public static final int AGNEWS_VALIDATION_ROWS = 1600;

    private static final FileLayout SST2 = new FileLayout(DelimitedFormat.TSV, true,
            List.of(Column.named("sentence")), null, Column.named("label"), 0, false);
    // CoLA: no header; source code, label, author's mark, sentence.
    private static final FileLayout COLA = new FileLayout(DelimitedFormat.TSV, false,
            List.of(Column.at(3)), null, Column.at(1), 0, false);
    private static final FileLayout MRPC = new FileLayout(DelimitedFormat.TSV, true,
            List.of(Column.named("#1 String")), Column.named("#2 String"), Column.named("Quality"), 0, false);
    private static final FileLayout RTE = new FileLayout(DelimitedFormat.TSV, true,
            List.of(Column.named("sentence1")), Column.named("sentence2"), Column.named("label"), 0, false);
    private static final FileLayout STSB = new FileLayout(DelimitedFormat.TSV, true,
            List.of(Column.named("sentence1")), Column.named("sentence2"), Column.named("score"), 0, false);
    // AG News: no header; class 1..4, title, description (joined with a space, as Hugging Face does).
    private static final FileLayout AGNEWS = new FileLayout(DelimitedFormat.CSV, false,
            List.of(Column.at(1), Column.at(2)), null, Column.at(0), 1, true);
    private static final FileLayout E2E = new FileLayout(DelimitedFormat.CSV, true,
            List.of(Column.named("mr")), null, Column.named("ref"), 0, false);

    /**
     * The train and validation (and for E2E, test) splits of {@code task} under {@code root}.
     * {@code seed} is used only where a split must be made (AG News).
     */
    public static DatasetSplits load(TaskSpec task, Path root, long seed) {
        return switch (task.name()) {
            case "sst2", "cola", "mrpc", "rte", "stsb" -> {
                String dir = task.name();
                List<Example> train = readFile(task, root.resolve(dir).resolve("train.tsv"));
                List<Example> dev = readFile(task, root.resolve(dir).resolve("dev.tsv"));
                yield new DatasetSplits(task, train, dev, List.of(),
                        dir + "/train.tsv (train), " + dir + "/dev.tsv (validation; GLUE's test split has no labels)");
            }
            case "agnews" -> {
                List<Example> all = readFile(task, root.resolve("ag_news").resolve("test.csv"));
                List<List<Example>> parts = Shuffle.holdout(all, AGNEWS_TRAIN_ROWS, AGNEWS_VALIDATION_ROWS, seed);
                yield new DatasetSplits(task, parts.get(0), parts.get(1), List.of(),
                        "ag_news/test.csv only (train.csv unavailable): seeded shuffle (seed " + seed + ") split into "
                                + AGNEWS_TRAIN_ROWS + " train / " + AGNEWS_VALIDATION_ROWS + " validation rows");
            }
            case "e2e" -> {
                List<Example> dev = readFile(task, root.resolve("e2e_nlg").resolve("devset.csv"));
                List<Example> test = readFile(task, root.resolve("e2e_nlg").resolve("testset_w_refs.csv"));
                yield new DatasetSplits(task, dev, List.of(), test,
                        "e2e_nlg/devset.csv as training data (trainset.csv unavailable), e2e_nlg/testset_w_refs.csv as test");
            }
            default -> throw new IllegalArgumentException("no benchmark files are known for task " + task.name());
        };
    }

    /** Reads one benchmark file of {@code task} (TSV/CSV, gzipped or not) with the task's layout. */
    public static List<Example> readFile(TaskSpec task, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file.toString(), 0, "file not found (expected the " + task.name()
                    + " data file here; see the datasets README for the layout)");
        }
        return layout(task).read(task, TextSource.readLines(file), file.toString());
    }

    static FileLayout layout(TaskSpec task) {
        return switch (task.name()) {
            case "sst2" -> SST2;
            case "cola" -> COLA;
            case "mrpc" -> MRPC;
            case "rte" -> RTE;
            case "stsb" -> STSB;
            case "agnews" -> AGNEWS;
            case "e2e" -> E2E;
            default -> throw new IllegalArgumentException("no file layout is known for task " + task.name());
        };
    }
}
