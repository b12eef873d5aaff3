package org.peft4j.federated.partition;

import java.util.Locale;

/**
 * Where the label sits in a line-oriented data file. A label column is found by header name or by index;
 * labelColumn null means the file has no categorical label (only iid and quantity splits apply).
 */
public record TableLayout(Format format, boolean header, String labelColumn) {
    public enum Format { TSV, CSV }

    /** The layouts of the workplace's benchmark files (../shared/datasets/README.md gives their formats). */
    public static TableLayout forTask(String task) {
        return switch (task.toLowerCase(Locale.ROOT)) {
            case "sst2", "sst-2" -> new TableLayout(Format.TSV, true, "label");
            case "cola" -> new TableLayout(Format.TSV, false, "1");
            case "mrpc" -> new TableLayout(Format.TSV, true, "Quality");
            case "rte" -> new TableLayout(Format.TSV, true, "label");
            case "stsb", "sts-b" -> new TableLayout(Format.TSV, true, null); // regression scores: no classes
            case "ag_news", "agnews" -> new TableLayout(Format.CSV, false, "0");
            case "e2e", "e2e_nlg" -> new TableLayout(Format.CSV, true, null);
            default -> throw new IllegalArgumentException("unknown task '" + task
                    + "': expected sst2, cola, mrpc, rte, stsb, ag_news, e2e_nlg, or --format/--label-column for another file");
        };
    }
}
