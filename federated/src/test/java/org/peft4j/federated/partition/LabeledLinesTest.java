package org.peft4j.federated.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledLinesTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsTsvWithHeaderAndStringLabels() throws IOException {
        Path f = file("rte.tsv", "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tnot_entailment\n1\tc\td\tentailment\n2\te\tf\tnot_entailment\n");
        LabeledLines d = LabeledLines.read(f, TableLayout.forTask("rte"));
        assertEquals(List.of("entailment", "not_entailment"), d.classNames());
        assertArrayEquals(new int[]{1, 0, 1}, d.classIds());
        assertEquals("index\tsentence1\tsentence2\tlabel", d.header());
    }

    @Test
    void numericLabelsSortNumericallyAndBomHeadersWork() throws IOException {
        Path f = file("mrpc.tsv", "\uFEFFQuality\t#1 ID\n10\tx\n9\ty\n");
        LabeledLines d = LabeledLines.read(f, new TableLayout(TableLayout.Format.TSV, true, "Quality"));
        assertEquals(List.of("9", "10"), d.classNames());
        assertArrayEquals(new int[]{1, 0}, d.classIds());
        assertTrue(d.header().startsWith("\uFEFF"), "header kept verbatim");
    }

    @Test
    void csvFieldsFollowRfc4180() throws IOException {
        Path f = file("ag.csv", "\"3\",\"a, \"\"quoted\"\" title\",\"body\"\n\"1\",\"t\",\"b\"\n");
        LabeledLines d = LabeledLines.read(f, TableLayout.forTask("ag_news"));
        // the task's own label order; AG News numbers its classes from 1
        assertEquals(List.of("World", "Sports", "Business", "Sci/Tech"), d.classNames());
        assertArrayEquals(new int[]{2, 0}, d.classIds());
        assertEquals(List.of("3", "a, \"quoted\" title", "body"), LabeledLines.split(d.rows().get(0), TableLayout.Format.CSV, f, 1));
        Path bad = file("bad.csv", "\"3\",\"open\n");
        IOException e = assertThrows(IOException.class, () -> LabeledLines.read(bad, TableLayout.forTask("ag_news")));
        assertTrue(e.getMessage().contains("bad.csv:1: unterminated quoted field"), e.getMessage());
    }

    @Test
    void errorsNameFileAndLine() throws IOException {
        Path missing = file("x.tsv", "sentence\tlabel\nfoo\n");
        IOException e = assertThrows(IOException.class, () -> LabeledLines.read(missing, TableLayout.forTask("sst2")));
        assertTrue(e.getMessage().contains("x.tsv:2: has 1 fields, the label is field 1"), e.getMessage());
        Path noColumn = file("y.tsv", "sentence\tstars\nfoo\t1\n");
        e = assertThrows(IOException.class, () -> LabeledLines.read(noColumn, TableLayout.forTask("sst2")));
        assertTrue(e.getMessage().contains("no column named 'label'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TableLayout.forTask("imagenet"));
        Path badLabel = file("z.tsv", "sentence\tlabel\nfoo\t7\n");
        e = assertThrows(IOException.class, () -> LabeledLines.read(badLabel, TableLayout.forTask("sst2")));
        assertTrue(e.getMessage().contains("z.tsv") && e.getMessage().contains("\"7\""), e.getMessage());
    }

    @Test
    void clientFilesHoldExactlyTheOriginalRows() throws IOException {
        StringBuilder sb = new StringBuilder("sentence\tlabel\n");
        for (int i = 0; i < 50; i++) sb.append("row ").append(i).append(" \t").append(i % 3 == 0 ? 1 : 0).append('\n');
        Path f = file("train.tsv", sb.toString());
        LabeledLines d = LabeledLines.read(f, TableLayout.forTask("sst2"));
        Partition p = Partitioner.dirichletLabels(d.classIds(), 4, 0.5, 0, 1);
        List<Path> files = PartitionFiles.write(d, p, dir.resolve("out"), ".tsv", Map.of("scheme", "dirichlet"));
        List<String> all = new ArrayList<>();
        for (int c = 0; c < files.size(); c++) {
            List<String> lines = Files.readAllLines(files.get(c));
            assertEquals("sentence\tlabel", lines.get(0));
            assertEquals(p.size(c), lines.size() - 1);
            all.addAll(lines.subList(1, lines.size()));
        }
        List<String> expected = new ArrayList<>(d.rows());
        all.sort(null);
        expected.sort(null);
        assertEquals(expected, all);
        String manifest = Files.readString(dir.resolve("out/partition.json"));
        assertTrue(manifest.contains("\"scheme\" : \"dirichlet\"") && manifest.contains("label_counts"), manifest);
    }
}
