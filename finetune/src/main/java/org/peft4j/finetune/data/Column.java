package org.peft4j.finetune.data;

/** A column addressed by header name, or by 0-based position in a file without a header. */
public record Column(String name, int index) {
    public static Column named(String name) {
        return new Column(name, -1);
    }

    public static Column at(int index) {
        return new Column(null, index);
    }

    /** The position of this column in {@code table}, checked against the row width. */
    int resolve(Table table) {
        if (name != null) {
            return table.column(name);
        }
        int width = table.rows().getFirst().fields().size();
        if (index >= width) {
            throw new DatasetFormatException(table.source(), table.rows().getFirst().line(),
                    "expected a column at position " + index + " (0-based), but rows have only " + width + " fields");
        }
        return index;
    }

    @Override
    public String toString() {
        return name != null ? "\"" + name + "\"" : "#" + index;
    }
}
