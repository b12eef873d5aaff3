package org.peft4j.finetune.data;

import java.util.List;

/**
 * The records of one delimited file. {@code header} is empty when the file has none; columns are
 * then addressed by position.
 */
public record Table(String source, List<String> header, List<Row> rows) {
    public Table {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /** The position of the column called {@code name}; the error lists the columns found. */
    public int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new DatasetFormatException(source, 1, "no column named \"" + name + "\"; the header has "
                    + (header.isEmpty() ? "no names (the file has no header line)" : "columns " + quoted(header)));
        }
        return i;
    }

    /** Whether the header has a column called {@code name}. */
    public boolean hasColumn(String name) {
        return header.contains(name);
    }

    static String quoted(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(names.get(i)).append('"');
        }
        return sb.append(']').toString();
    }
}
