package org.peft4j.finetune.data;

import java.util.ArrayList;
import java.util.List;

/**
 * How one benchmark file maps onto examples: its format, whether it has a header, which columns
 * hold the text (several are joined with a space), the second text, and the label or target.
 * {@code labelBase} is subtracted from integer labels (AG News numbers its classes from 1);
 * {@code backslashNewlines} turns the two characters backslash + n into a line break (AG News).
 */
record FileLayout(DelimitedFormat format, boolean hasHeader, List<Column> textColumns, Column pairColumn,
                  Column labelColumn, int labelBase, boolean backslashNewlines) {

    /** Reads {@code lines} (already decoded) of the file named {@code source} as examples of {@code task}. */
    List<Example> read(TaskSpec task, List<String> lines, String source) {
        Table table = format.parse(lines, source, hasHeader);
        int[] textIdx = textColumns.stream().mapToInt(c -> c.resolve(table)).toArray();
        int pairIdx = pairColumn == null ? -1 : pairColumn.resolve(table);
        int labelIdx = labelColumn.resolve(table);
        List<Example> out = new ArrayList<>(table.rows().size());
        for (Row row : table.rows()) {
            List<String> f = row.fields();
            StringBuilder text = new StringBuilder();
            for (int i : textIdx) {
                String part = unescape(f.get(i));
                if (!part.isEmpty()) {
                    text.append(text.isEmpty() ? "" : " ").append(part);
                }
            }
            if (text.isEmpty()) {
                throw new DatasetFormatException(source, row.line(), "empty text in column(s) " + textColumns);
            }
            String pair = pairIdx < 0 ? null : f.get(pairIdx);
            String rawLabel = f.get(labelIdx);
            out.add(switch (task.type()) {
                case CLASSIFICATION -> Example.classification(text.toString(), pair, label(task, rawLabel, source, row.line()), source, row.line());
                case REGRESSION -> Example.regression(text.toString(), pair, task.parseTarget(rawLabel, source, row.line()), source, row.line());
                case GENERATION -> Example.generation(text.toString(), rawLabel.strip(), source, row.line());
            });
        }
        return out;
    }

    private int label(TaskSpec task, String raw, String source, long line) {
        if (labelBase != 0) {
            int v;
            try {
                v = Integer.parseInt(raw.strip());
            } catch (NumberFormatException e) {
                v = Integer.MIN_VALUE;
            }
            if (v < labelBase || v >= labelBase + task.numLabels()) {
                throw new DatasetFormatException(source, line, "label \"" + raw + "\" is not one of task " + task.name()
                        + "'s labels: expected an integer " + labelBase + ".." + (labelBase + task.numLabels() - 1));
            }
            return v - labelBase;
        }
        return task.parseLabel(raw, source, line);
    }

    private String unescape(String field) {
        return backslashNewlines ? field.replace("\\n", "\n") : field;
    }
}
