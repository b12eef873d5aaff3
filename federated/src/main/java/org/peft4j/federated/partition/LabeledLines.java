package org.peft4j.federated.partition;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.peft4j.finetune.data.DatasetFormatException;

/**
 * A line-per-record data file (GLUE TSV without quoting, or RFC-4180 CSV whose records fit on one line), kept
 * verbatim so per-client files carry exactly the original rows, with each row's label mapped to a class id:
 * for a known task as the finetune module's task definition says, otherwise by the sorted distinct label
 * strings (numerically when all labels are integers).
 */
public final class LabeledLines {
    private static final char BOM = '\uFEFF';

    private final String header;
    private final List<String> rows;
    private final int[] classIds;
    private final List<String> classNames;

    private LabeledLines(String header, List<String> rows, int[] classIds, List<String> classNames) {
        this.header = header;
        this.rows = rows;
        this.classIds = classIds;
        this.classNames = classNames;
    }

    /** The header line exactly as read (BOM included), or null. */
    public String header() { return header; }
    public List<String> rows() { return rows; }
    public int size() { return rows.size(); }
    public boolean hasLabels() { return classIds != null; }
    public int[] classIds() { return classIds == null ? null : classIds.clone(); }
    public List<String> classNames() { return classNames; }

    public static LabeledLines read(Path file, TableLayout layout) throws IOException {
        String header = null;
        List<String> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && layout.header()) {
                    header = line;
                    continue;
                }
                if (line.isEmpty()) throw new IOException(file + ":" + lineNo + ": empty line inside the data");
                rows.add(line);
            }
        }
        if (layout.header() && header == null) throw new IOException(file + ": empty file, expected a header line");
        if (layout.labelColumn() == null) return new LabeledLines(header, rows, null, List.of());

        int column = labelIndex(file, layout, header);
        List<String> labels = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            int lineNo = i + 1 + (layout.header() ? 1 : 0);
            List<String> fields = split(rows.get(i), layout.format(), file, lineNo);
            if (column >= fields.size())
                throw new IOException(file + ":" + lineNo + ": has " + fields.size() + " fields, the label is field " + column);
            String label = fields.get(column).strip();
            if (label.isEmpty()) throw new IOException(file + ":" + lineNo + ": empty label");
            labels.add(label);
        }
        if (layout.task() != null) return new LabeledLines(header, rows, taskIds(file, layout, labels), layout.task().labelNames());
        List<String> names = classOrder(labels);
        int[] ids = new int[labels.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = names.indexOf(labels.get(i));
        return new LabeledLines(header, rows, ids, names);
    }

    /** Class ids as the task defines them (finetune's TaskSpec), integer labels shifted by labelBase first. */
    private static int[] taskIds(Path file, TableLayout layout, List<String> labels) throws IOException {
        int[] ids = new int[labels.size()];
        for (int i = 0; i < ids.length; i++) {
            long lineNo = i + 1 + (layout.header() ? 1 : 0);
            String raw = labels.get(i);
            if (layout.labelBase() != 0 && raw.matches("-?\\d{1,9}")) raw = Integer.toString(Integer.parseInt(raw) - layout.labelBase());
            try {
                ids[i] = layout.task().parseLabel(raw, file.toString(), lineNo);
            } catch (DatasetFormatException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return ids;
    }

    private static int labelIndex(Path file, TableLayout layout, String header) throws IOException {
        String col = layout.labelColumn();
        if (header != null) {
            List<String> names = split(header.charAt(0) == BOM ? header.substring(1) : header, layout.format(), file, 1);
            int at = names.indexOf(col);
            if (at >= 0) return at;
        }
        try {
            return Integer.parseInt(col);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": no column named '" + col + "'" + (header == null ? " (the file has no header; give a column index)" : " in header: " + header));
        }
    }

    private static List<String> classOrder(List<String> labels) {
        TreeSet<String> distinct = new TreeSet<>(labels);
        boolean numeric = distinct.stream().allMatch(s -> s.matches("-?\\d{1,9}"));
        List<String> names = new ArrayList<>(distinct);
        if (numeric) names.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        return names;
    }

    /** TSV: split on TAB, no quoting. CSV: RFC 4180 on one line ("" escapes a quote). */
    static List<String> split(String line, TableLayout.Format format, Path file, int lineNo) throws IOException {
        List<String> out = new ArrayList<>();
        if (format == TableLayout.Format.TSV) {
            int from = 0;
            for (int i = 0; i <= line.length(); i++) {
                if (i == line.length() || line.charAt(i) == '\t') {
                    out.add(line.substring(from, i));
                    from = i + 1;
                }
            }
            return out;
        }
        StringBuilder field = new StringBuilder();
        boolean quoted = false, afterQuote = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') { field.append('"'); i++; }
                    else { quoted = false; afterQuote = true; }
                } else field.append(ch);
            } else if (ch == ',') {
                out.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (ch == '"' && field.isEmpty() && !afterQuote) {
                quoted = true;
            } else {
                if (afterQuote) throw new IOException(file + ":" + lineNo + ": text after a closing quote at column " + (i + 1));
                field.append(ch);
            }
        }
        if (quoted) throw new IOException(file + ":" + lineNo + ": unterminated quoted field (records spanning lines are not supported)");
        out.add(field.toString());
        return out;
    }
}
