package org.peft4j.finetune.data;

import java.util.List;

/** One record of a delimited file: its fields and the 1-based line it starts on. */
public record Row(long line, List<String> fields) {
    public Row {
        fields = List.copyOf(fields);
    }
}
