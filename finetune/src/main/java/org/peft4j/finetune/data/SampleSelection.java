package org.peft4j.finetune.data;

import java.util.ArrayList;
import java.util.List;

/** Seeded, label-balanced sub-samples of classification data (used to build the built-in samples). */
public final class SampleSelection {
    private SampleSelection() {}

    /**
     * Shuffles {@code examples} with {@code seed} and keeps, in that shuffled order, the first
     * {@code perLabel} examples of each of the task's {@code numLabels} labels.
     */
    public static List<Example> balanced(List<Example> examples, int numLabels, int perLabel, long seed) {
        int[] taken = new int[numLabels];
        List<Example> out = new ArrayList<>(numLabels * perLabel);
        for (Example e : Shuffle.shuffled(examples, seed)) {
            if (e.label() < 0 || e.label() >= numLabels) {
                throw new IllegalArgumentException(e.where() + ": label " + e.label() + " outside 0.." + (numLabels - 1));
            }
            if (taken[e.label()] < perLabel) {
                taken[e.label()]++;
                out.add(e);
            }
        }
        for (int l = 0; l < numLabels; l++) {
            if (taken[l] < perLabel) {
                throw new IllegalArgumentException("only " + taken[l] + " examples of label " + l + " (wanted " + perLabel + ")");
            }
        }
        return out;
    }

    /** The examples as an SST-2 style TSV: header {@code sentence<TAB>label}, one row per example. */
    public static String toSst2Tsv(List<Example> examples) {
        StringBuilder sb = new StringBuilder("sentence\tlabel\n");
        for (Example e : examples) {
            if (e.text().indexOf('\t') >= 0 || e.text().indexOf('\n') >= 0) {
                throw new IllegalArgumentException(e.where() + ": text contains a TAB or line break");
            }
            sb.append(e.text()).append('\t').append(e.label()).append('\n');
        }
        return sb.toString();
    }
}
