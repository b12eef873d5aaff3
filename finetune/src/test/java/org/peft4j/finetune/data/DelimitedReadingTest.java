package org.peft4j.finetune.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelimitedReadingTest {
    @TempDir
    Path dir;

    @Test
    void csvQuotingEscapesAndMultiLineFields() {
        List<String> lines = List.of("mr,ref", "\"a, b\",\"say \"\"hi\"\"\"", "plain,\"two", "lines\"");
        Table t = DelimitedFormat.CSV.parse(lines, "x.csv", true);
        assertEquals(List.of("mr", "ref"), t.header());
        assertEquals(List.of("a, b", "say \"hi\""), t.rows().get(0).fields());
        assertEquals(List.of("plain", "two\nlines"), t.rows().get(1).fields());
        assertEquals(3, t.rows().get(1).line(), "a record is numbered by the line it starts on");
    }

    @Test
    void tsvHasNoQuoting() {
        Table t = DelimitedFormat.TSV.parse(List.of("a\tb", "say \"x\tz"), "x.tsv", true);
        assertEquals(List.of("say \"x", "z"), t.rows().getFirst().fields());
    }

    @Test
    void unclosedQuoteAndWrongWidthAreErrors() {
        var e = assertThrows(DatasetFormatException.class,
                () -> DelimitedFormat.CSV.parse(List.of("a,b", "\"open,x"), "f.csv", true));
        assertTrue(e.getMessage().contains("f.csv:2") && e.getMessage().contains("never closed"), e.getMessage());
        var w = assertThrows(DatasetFormatException.class,
                () -> DelimitedFormat.TSV.parse(List.of("a\tb", "1\t2", "only"), "f.tsv", true));
        assertTrue(w.getMessage().startsWith("f.tsv:3:") && w.getMessage().contains("expected 2"), w.getMessage());
    }

    @Test
    void gzipBomAndCrlfAreHandled() throws IOException {
        byte[] text = "\uFEFFsentence\tlabel\r\nnice film\t1\r\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(text);
        }
        Path f = dir.resolve("train.tsv.gz");
        Files.write(f, bos.toByteArray());
        List<Example> ex = BenchmarkDatasets.readFile(Tasks.SST2, f);
        assertEquals(1, ex.size());
        assertEquals("nice film", ex.getFirst().text());
        assertEquals(1, ex.getFirst().label());
        assertEquals(2, ex.getFirst().line());
    }

    @Test
    void nonUtf8BytesNameFileAndLine() throws IOException {
        Path f = dir.resolve("bad.tsv");
        byte[] head = "sentence\tlabel\ngood\t1\nbad ".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 4];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xE9; // Latin-1 'é'
        all[head.length + 1] = '\t';
        all[head.length + 2] = '0';
        all[head.length + 3] = '\n';
        Files.write(f, all);
        var e = assertThrows(DatasetFormatException.class, () -> BenchmarkDatasets.readFile(Tasks.SST2, f));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("bad.tsv:3") && e.getMessage().contains("0xE9") && e.getMessage().contains("column 5"), e.getMessage());
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path f = dir.resolve("empty.tsv");
        Files.write(f, new byte[0]);
        var e = assertThrows(DatasetFormatException.class, () -> BenchmarkDatasets.readFile(Tasks.SST2, f));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        Path h = dir.resolve("header-only.tsv");
        Files.writeString(h, "sentence\tlabel\n");
        var e2 = assertThrows(DatasetFormatException.class, () -> BenchmarkDatasets.readFile(Tasks.SST2, h));
        assertTrue(e2.getMessage().contains("no data rows"), e2.getMessage());
    }

    @Test
    void misnamedColumnListsTheColumnsFound() throws IOException {
        Path f = dir.resolve("train.tsv");
        Files.writeString(f, "text\tlabel\nnice\t1\n");
        var e = assertThrows(DatasetFormatException.class, () -> BenchmarkDatasets.readFile(Tasks.SST2, f));
        assertTrue(e.getMessage().contains("\"sentence\"") && e.getMessage().contains("[\"text\", \"label\"]"), e.getMessage());
    }

    @Test
    void labelOutsideTheTaskIsAnError() throws IOException {
        Path f = dir.resolve("train.tsv");
        Files.writeString(f, "sentence\tlabel\nnice\t1\nodd\t2\n");
        var e = assertThrows(DatasetFormatException.class, () -> BenchmarkDatasets.readFile(Tasks.SST2, f));
        assertTrue(e.getMessage().contains("train.tsv:3") && e.getMessage().contains("\"2\"")
                && e.getMessage().contains("negative"), e.getMessage());
        Path s = dir.resolve("stsb.tsv");
        Files.writeString(s, "sentence1\tsentence2\tscore\na\tb\t5.5\n");
        var r = assertThrows(DatasetFormatException.class, () -> BenchmarkDatasets.readFile(Tasks.STSB, s));
        assertTrue(r.getMessage().contains("outside") && r.getMessage().contains("stsb.tsv:2"), r.getMessage());
        Path a = dir.resolve("ag.csv");
        Files.writeString(a, "\"5\",\"t\",\"d\"\n");
        var g = assertThrows(DatasetFormatException.class, () -> BenchmarkDatasets.readFile(Tasks.AGNEWS, a));
        assertTrue(g.getMessage().contains("\"5\"") && g.getMessage().contains("1..4"), g.getMessage());
    }

    @Test
    void agNewsJoinsTitleAndDescriptionAndShiftsLabels() throws IOException {
        Path a = dir.resolve("test.csv");
        Files.writeString(a, "\"3\",\"Title here\",\"Line one\\nline two\"\n\"1\",\"W\",\"x\"\n");
        List<Example> ex = BenchmarkDatasets.readFile(Tasks.AGNEWS, a);
        assertEquals("Title here Line one\nline two", ex.get(0).text());
        assertEquals(2, ex.get(0).label());
        assertEquals(0, ex.get(1).label());
    }
}
