package org.peft4j.finetune.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads a user's own labelled file: CSV or TSV with a header line, or JSON Lines (one object per
 * line), each optionally gzipped. Columns are named by a {@link ColumnSpec}. Labels may be given as
 * label names or indices (classification), numbers (regression) or texts (generation).
 */
public final class UserDatasets {
    private UserDatasets() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<Example> read(Path file, TaskSpec task, ColumnSpec columns) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String bare = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        if (task.inputKind() == InputKind.PAIR && columns.textPairColumn() == null) {
            throw new IllegalArgumentException("task " + task.name() + " takes text pairs: give a textPairColumn");
        }
        List<String> lines = TextSource.readLines(file);
        if (bare.endsWith(".jsonl") || bare.endsWith(".ndjson")) {
            return readJsonLines(lines, file.toString(), task, columns);
        }
        DelimitedFormat format = DelimitedFormat.fromFileName(name);
        List<Column> text = List.of(Column.named(columns.textColumn()));
        Column pair = columns.textPairColumn() == null ? null : Column.named(columns.textPairColumn());
        return new FileLayout(format, true, text, pair, Column.named(columns.labelColumn()), 0, false)
                .read(task, lines, file.toString());
    }

    private static List<Example> readJsonLines(List<String> lines, String source, TaskSpec task, ColumnSpec columns) {
        List<Example> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            long line = i + 1;
            if (lines.get(i).isBlank()) {
                throw new DatasetFormatException(source, line, "empty line (expected one JSON object per line)");
            }
            JsonNode obj;
            try {
                obj = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new DatasetFormatException(source, line, "not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (obj == null || !obj.isObject()) {
                throw new DatasetFormatException(source, line, "expected a JSON object, found " + (obj == null ? "nothing" : obj.getNodeType()));
            }
            String text = stringField(obj, columns.textColumn(), source, line);
            String pair = columns.textPairColumn() == null ? null : stringField(obj, columns.textPairColumn(), source, line);
            JsonNode target = field(obj, columns.labelColumn(), source, line);
            out.add(switch (task.type()) {
                case CLASSIFICATION -> Example.classification(text, pair,
                        task.parseLabel(target.isTextual() ? target.asText() : target.toString(), source, line), source, line);
                case REGRESSION -> {
                    if (!target.isNumber() && !target.isTextual()) {
                        throw new DatasetFormatException(source, line, "\"" + columns.labelColumn() + "\" must be a number, found " + target.getNodeType());
                    }
                    yield Example.regression(text, pair, task.parseTarget(target.asText(), source, line), source, line);
                }
                case GENERATION -> Example.generation(text, textOf(target, columns.labelColumn(), source, line), source, line);
            });
        }
        return out;
    }

    private static JsonNode field(JsonNode obj, String key, String source, long line) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            throw new DatasetFormatException(source, line, "no key \"" + key + "\"; the object has keys " + Table.quoted(keys));
        }
        return v;
    }

    private static String stringField(JsonNode obj, String key, String source, long line) {
        return textOf(field(obj, key, source, line), key, source, line);
    }

    private static String textOf(JsonNode v, String key, String source, long line) {
        if (!v.isTextual()) {
            throw new DatasetFormatException(source, line, "\"" + key + "\" must be a string, found " + v.getNodeType());
        }
        return v.asText();
    }
}
