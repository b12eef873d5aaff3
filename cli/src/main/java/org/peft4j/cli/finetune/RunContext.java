package org.peft4j.cli.finetune;

import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.Shuffle;
import org.peft4j.peft.PeftModel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What a task run works with: the loaded model and tokenizer, its PEFT handle, the data, the settings, the output
 * folder (null for evaluation only) and where progress notes go.
 */
public record RunContext(ModelLoader.Loaded loaded, PeftModel peft, DatasetSplits data, TrainSettings settings, Path out,
                         PrintStream log) {

    /** The training examples, or a seeded subset of --max-train of them. */
    public List<Example> trainExamples() {
        List<Example> all = data.train();
        if (all.isEmpty()) throw new IllegalArgumentException("no training examples (" + data.provenance() + ")");
        int n = settings.maxTrain();
        return n == 0 || n >= all.size() ? all : Shuffle.shuffled(all, settings.seed()).subList(0, n);
    }

    /** The first --max-eval examples of a split (all when 0). */
    public List<Example> firstOf(List<Example> split) {
        int n = settings.maxEval();
        return n == 0 || n >= split.size() ? split : split.subList(0, n);
    }

    public void note(String line) {
        if (line != null) log.println(line);
    }
}
