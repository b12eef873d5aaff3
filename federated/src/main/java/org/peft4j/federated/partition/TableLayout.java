package org.peft4j.federated.partition;

import java.util.Locale;
import org.peft4j.finetune.data.TaskSpec;
import org.peft4j.finetune.data.Tasks;

/**
 * Where the label sits in a line-oriented data file. A label column is found by header name or by 0-based
 * index; labelColumn null means the file has no categorical label (only iid and quantity splits apply).
 * With a task, labels are read as the finetune module defines them (label names and order, GLUE/Hugging Face
 * conventions); labelBase is subtracted from integer labels first (AG News numbers its classes from 1).
 */
public record TableLayout(Format format, boolean header, String labelColumn, int labelBase, TaskSpec task) {
    public enum Format { TSV, CSV }

    /** A generic file: class ids follow the sorted distinct label strings. */
    public TableLayout(Format format, boolean header, String labelColumn) {
        this(format, header, labelColumn, 0, null);
    }

    /** The layouts of the benchmark files (../shared/datasets/README.md gives their formats). */
    public static TableLayout forTask(String name) {
        TaskSpec spec;
        try {
            spec = Tasks.get(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown task '" + name
                    + "': expected sst2, cola, mrpc, rte, stsb, ag_news, e2e_nlg, or --format/--label-column for another file");
        }
        return switch (spec.name().toLowerCase(Locale.ROOT)) {
            case "sst2" -> new TableLayout(Format.TSV, true, "label", 0, spec);
            case "cola" -> new TableLayout(Format.TSV, false, "1", 0, spec);
            case "mrpc" -> new TableLayout(Format.TSV, true, "Quality", 0, spec);
            case "rte" -> new TableLayout(Format.TSV, true, "label", 0, spec);
            case "agnews" -> new TableLayout(Format.CSV, false, "0", 1, spec);
            // regression scores and generation targets are not classes
            case "stsb" -> new TableLayout(Format.TSV, true, null, 0, spec);
            case "e2e" -> new TableLayout(Format.CSV, true, null, 0, spec);
            default -> throw new IllegalArgumentException("task '" + spec.name() + "' has no partition layout yet");
        };
    }
}
