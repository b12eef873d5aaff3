package org.peft4j.finetune.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The two delimited layouts of the benchmark files. {@link #TSV}: split each line on TAB, no
 * quoting at all (GLUE's files contain lone {@code "} characters). {@link #CSV}: RFC 4180, fields
 * may be quoted, {@code ""} is a quote inside a quoted field, and a quoted field may span lines.
 */
public enum DelimitedFormat {
    TSV, CSV;

    /** Picks the format from a file name ({@code .tsv}/{@code .csv}, optionally followed by {@code .gz}). */
    public static DelimitedFormat fromFileName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".tsv")) {
            return TSV;
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        throw new IllegalArgumentException("cannot tell the format of " + name + ": expected a name ending in .tsv, .csv, .tsv.gz or .csv.gz");
    }

    /**
     * Parses decoded lines into a table. With {@code hasHeader} the first record names the columns.
     * Every record must have as many fields as the first one; an empty line is an error, except
     * that an empty last line is never produced by {@link TextSource}.
     */
    public Table parse(List<String> lines, String source, boolean hasHeader) {
        List<Row> rows = this == TSV ? parseTsv(lines, source) : parseCsv(lines, source);
        if (rows.isEmpty()) {
            throw new DatasetFormatException(source, 0, "no records found");
        }
        List<String> header = List.of();
        if (hasHeader) {
            header = rows.getFirst().fields();
            rows = rows.subList(1, rows.size());
            if (rows.isEmpty()) {
                throw new DatasetFormatException(source, 0, "only a header line " + Table.quoted(header) + ", no data rows");
            }
        }
        int width = hasHeader ? header.size() : rows.getFirst().fields().size();
        for (Row r : rows) {
            if (r.fields().size() != width) {
                throw new DatasetFormatException(source, r.line(), "expected " + width + " " + this
                        + " fields (as in the " + (hasHeader ? "header" : "first row") + "), found " + r.fields().size());
            }
        }
        return new Table(source, header, rows);
    }

    private static List<Row> parseTsv(List<String> lines, String source) {
        List<Row> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                throw new DatasetFormatException(source, i + 1, "empty line (expected TAB-separated fields)");
            }
            rows.add(new Row(i + 1, List.of(line.split("\t", -1))));
        }
        return rows;
    }

    private static List<Row> parseCsv(List<String> lines, String source) {
        List<Row> rows = new ArrayList<>(lines.size());
        int i = 0;
        while (i < lines.size()) {
            int startLine = i + 1;
            if (lines.get(i).isEmpty()) {
                throw new DatasetFormatException(source, startLine, "empty line (expected comma-separated fields)");
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            String line = lines.get(i);
            int pos = 0;
            boolean quoted = false;
            boolean fieldStart = true;
            while (true) {
                if (pos == line.length()) {
                    if (quoted) {
                        // A quoted field continues on the next line: the line break is part of it.
                        i++;
                        if (i == lines.size()) {
                            throw new DatasetFormatException(source, startLine, "a quoted field opened on this line is never closed");
                        }
                        field.append('\n');
                        line = lines.get(i);
                        pos = 0;
                        continue;
                    }
                    fields.add(field.toString());
                    break;
                }
                char c = line.charAt(pos);
                if (quoted) {
                    if (c == '"') {
                        if (pos + 1 < line.length() && line.charAt(pos + 1) == '"') {
                            field.append('"');
                            pos += 2;
                        } else {
                            quoted = false;
                            pos++;
                            if (pos < line.length() && line.charAt(pos) != ',') {
                                throw new DatasetFormatException(source, i + 1, "unexpected character '" + line.charAt(pos)
                                        + "' after a closing quote at column " + (pos + 1) + " (expected a comma or the end of the line)");
                            }
                        }
                    } else {
                        field.append(c);
                        pos++;
                    }
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                    pos++;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                    pos++;
                } else {
                    field.append(c);
                    fieldStart = false;
                    pos++;
                }
            }
            rows.add(new Row(startLine, fields));
            i++;
        }
        return rows;
    }
}
