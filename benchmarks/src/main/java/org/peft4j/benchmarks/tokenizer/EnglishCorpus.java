package org.peft4j.benchmarks.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A realistic English corpus for tokenizer benchmarks, built offline from the text columns of the shared
 * datasets (AG News titles and descriptions, RTE, MRPC and STS-B sentences, E2E references) and repeated
 * until it reaches the requested size. Each document is one line of the source data.
 */
public final class EnglishCorpus {
    private EnglishCorpus() {
    }

    /** The datasets directory: system property peft4j.shared, else ../shared next to the working directory. */
    public static Path datasetsDir() {
        String shared = System.getProperty("peft4j.shared");
        Path base = shared != null ? Path.of(shared) : Path.of("..", "shared");
        return base.resolve("datasets");
    }

    /** Documents whose UTF-8 size adds up to at least {@code targetBytes}. */
    public static List<String> load(Path datasets, long targetBytes) throws IOException {
        List<String> unique = new ArrayList<>();
        for (String[] row : csv(datasets.resolve("ag_news/test.csv"))) {
            unique.add(row[1]);
            unique.add(row[2].replace('\\', ' '));
        }
        for (String[] row : tsv(datasets.resolve("rte/train.tsv"))) {
            unique.add(row[1]);
            unique.add(row[2]);
        }
        for (String[] row : tsv(datasets.resolve("mrpc/train.tsv"))) {
            unique.add(row[3]);
            unique.add(row[4]);
        }
        for (String[] row : tsv(datasets.resolve("stsb/train.tsv"))) {
            unique.add(row[7]);
            unique.add(row[8]);
        }
        for (String[] row : csv(datasets.resolve("e2e_nlg/devset.csv"))) unique.add(row[1]);
        long uniqueBytes = 0;
        for (String s : unique) uniqueBytes += utf8Length(s);
        if (uniqueBytes == 0) throw new IOException("no text found under " + datasets);
        List<String> out = new ArrayList<>();
        long total = 0;
        while (total < targetBytes) {
            for (String s : unique) {
                out.add(s);
                total += utf8Length(s);
                if (total >= targetBytes) break;
            }
        }
        return out;
    }

    public static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Rows of a TSV with a header line, unquoted, at least 9 columns kept as they are. */
    private static List<String[]> tsv(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            String[] padded = new String[Math.max(f.length, 9)];
            for (int k = 0; k < padded.length; k++) padded[k] = k < f.length ? f[k] : "";
            rows.add(padded);
        }
        return rows;
    }

    /** Rows of an RFC 4180 CSV file (quoted fields, doubled quotes); the first row is dropped if it is a header. */
    private static List<String[]> csv(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
                row.add(field.toString());
                field.setLength(0);
                rows.add(row.toArray(new String[0]));
                row.clear();
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row.toArray(new String[0]));
        }
        if (!rows.isEmpty() && (rows.get(0)[0].equals("mr") || rows.get(0)[0].equals("class"))) rows.remove(0);
        return rows;
    }
}
