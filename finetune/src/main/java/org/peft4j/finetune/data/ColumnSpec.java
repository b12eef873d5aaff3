package org.peft4j.finetune.data;

import java.util.Objects;

/**
 * Which columns (CSV/TSV header names) or keys (JSONL) of a user's file hold the text, the optional
 * second text, and the label / target / reference text.
 */
public record ColumnSpec(String textColumn, String textPairColumn, String labelColumn) {
    public ColumnSpec {
        Objects.requireNonNull(textColumn, "textColumn");
        Objects.requireNonNull(labelColumn, "labelColumn");
    }

    public static ColumnSpec of(String textColumn, String labelColumn) {
        return new ColumnSpec(textColumn, null, labelColumn);
    }
}
