package org.peft4j.finetune.metrics.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.peft4j.finetune.data.DatasetFormatException;
import org.peft4j.finetune.data.DelimitedFormat;
import org.peft4j.finetune.data.Row;
import org.peft4j.finetune.data.Table;
import org.peft4j.finetune.data.TextSource;

/**
 * Reads references and system outputs the way the E2E challenge scorer ({@code measure_scores.py})
 * does: a CSV with header {@code mr,ref} where each run of consecutive rows with the same MR is one
 * instance (its rows are that instance's references, in order), and a plain text file with one
 * output per line, line i for instance i. Every text is stripped of surrounding whitespace, and the
 * scorer's mojibake repairs are applied to CSV texts ({@code Ł}, {@code Â£} to {@code £};
 * {@code Ã©}, {@code ã©} to {@code é}).
 */
public final class E2eData {
    private E2eData() {}

    public static List<E2eInstance> readReferences(Path csv) {
        List<String> lines = TextSource.readLines(csv);
        Table table = DelimitedFormat.CSV.parse(lines, csv.toString(), true);
        int mrCol = table.column("mr");
        int refCol = table.column("ref");
        List<E2eInstance> out = new ArrayList<>();
        String currentMr = null;
        List<String> refs = new ArrayList<>();
        for (Row row : table.rows()) {
            String mr = repair(row.fields().get(mrCol).strip());
            String ref = repair(row.fields().get(refCol).strip());
            if (!mr.equals(currentMr)) {
                if (currentMr != null) {
                    out.add(new E2eInstance(currentMr, refs));
                }
                currentMr = mr;
                refs = new ArrayList<>();
            }
            refs.add(ref);
        }
        out.add(new E2eInstance(currentMr, refs));
        return out;
    }

    /** One output per line; the count must equal {@code expected} (the number of instances). */
    public static List<String> readOutputs(Path txt, int expected) {
        List<String> lines = TextSource.readLines(txt);
        if (lines.size() != expected) {
            throw new DatasetFormatException(txt.toString(), 0, "expected " + expected
                    + " output lines (one per distinct MR of the references, in order), found " + lines.size());
        }
        return lines.stream().map(String::strip).toList();
    }

    static String repair(String s) {
        return s.replace("Ł", "£").replace("Â£", "£").replace("Ã©", "é").replace("ã©", "é");
    }
}
