package org.peft4j.finetune.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDatasetsTest {
    @TempDir
    Path dir;

    @Test
    void csvWithNamedColumnsAndLabelNames() throws IOException {
        Path f = dir.resolve("mine.csv");
        Files.writeString(f, "id,premise,hypothesis,gold\n1,\"A cat, sitting\",A cat,entailment\n2,x,y,1\n");
        List<Example> ex = UserDatasets.read(f, Tasks.RTE, new ColumnSpec("premise", "hypothesis", "gold"));
        assertEquals(2, ex.size());
        assertEquals("A cat, sitting", ex.get(0).text());
        assertEquals("A cat", ex.get(0).textPair());
        assertEquals(0, ex.get(0).label());
        assertEquals(1, ex.get(1).label());
        assertEquals(3, ex.get(1).line());
    }

    @Test
    void jsonLinesForAllThreeTaskTypes() throws IOException {
        Path c = dir.resolve("c.jsonl");
        Files.writeString(c, "{\"t\":\"good\",\"y\":\"positive\"}\n{\"t\":\"bad\",\"y\":0}\n");
        List<Example> ce = UserDatasets.read(c, Tasks.SST2, ColumnSpec.of("t", "y"));
        assertEquals(List.of(1, 0), ce.stream().map(Example::label).toList());

        Path r = dir.resolve("r.jsonl");
        Files.writeString(r, "{\"a\":\"x\",\"b\":\"y\",\"s\":3.25}\n");
        Example re = UserDatasets.read(r, Tasks.STSB, new ColumnSpec("a", "b", "s")).getFirst();
        assertEquals(3.25f, re.target());

        Path g = dir.resolve("g.jsonl");
        Files.writeString(g, "{\"mr\":\"name[X]\",\"ref\":\"X is here.\"}\n");
        Example ge = UserDatasets.read(g, Tasks.E2E, ColumnSpec.of("mr", "ref")).getFirst();
        assertEquals("X is here.", ge.targetText());
    }

    @Test
    void missingKeyListsTheKeysFound() throws IOException {
        Path f = dir.resolve("m.jsonl");
        Files.writeString(f, "{\"text\":\"ok\",\"label\":1}\n{\"txt\":\"oops\",\"label\":1}\n");
        var e = assertThrows(DatasetFormatException.class, () -> UserDatasets.read(f, Tasks.SST2, ColumnSpec.of("text", "label")));
        assertTrue(e.getMessage().contains("m.jsonl:2") && e.getMessage().contains("[\"txt\", \"label\"]"), e.getMessage());
    }

    @Test
    void badJsonAndBadLabelsAreErrors() throws IOException {
        Path f = dir.resolve("b.jsonl");
        Files.writeString(f, "{\"text\":\"ok\",\"label\":1\n");
        var e = assertThrows(DatasetFormatException.class, () -> UserDatasets.read(f, Tasks.SST2, ColumnSpec.of("text", "label")));
        assertTrue(e.getMessage().contains("b.jsonl:1") && e.getMessage().contains("not valid JSON"), e.getMessage());
        Path l = dir.resolve("l.csv");
        Files.writeString(l, "text,label\nhi,maybe\n");
        var le = assertThrows(DatasetFormatException.class, () -> UserDatasets.read(l, Tasks.SST2, ColumnSpec.of("text", "label")));
        assertTrue(le.getMessage().contains("l.csv:2") && le.getMessage().contains("\"maybe\""), le.getMessage());
    }

    @Test
    void pairTaskNeedsAPairColumn() throws IOException {
        Path f = dir.resolve("p.csv");
        Files.writeString(f, "a,b,label\nx,y,1\n");
        assertThrows(IllegalArgumentException.class, () -> UserDatasets.read(f, Tasks.MRPC, ColumnSpec.of("a", "label")));
    }
}
