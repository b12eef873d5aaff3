package org.peft4j.finetune.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reads every shared benchmark file and checks the row and label counts its README states. */
class BenchmarkDatasetsTest {

    private static long count(List<Example> ex, int label) {
        return ex.stream().filter(e -> e.label() == label).count();
    }

    @Test
    void glueFilesMatchTheirReadmes() {
        Path root = SharedData.datasets();
        DatasetSplits sst2 = BenchmarkDatasets.load(Tasks.SST2, root, 0);
        assertEquals(67349, sst2.train().size());
        assertEquals(37569, count(sst2.train(), 1));
        assertEquals(872, sst2.validation().size());
        assertEquals(444, count(sst2.validation(), 1));

        DatasetSplits cola = BenchmarkDatasets.load(Tasks.COLA, root, 0);
        assertEquals(8551, cola.train().size());
        assertEquals(6023, count(cola.train(), 1));
        assertEquals(1043, cola.validation().size());
        assertEquals("Our friends won't buy this analysis, let alone the next one we propose.", cola.train().getFirst().text());

        DatasetSplits mrpc = BenchmarkDatasets.load(Tasks.MRPC, root, 0);
        assertEquals(3668, mrpc.train().size());
        assertEquals(2474, count(mrpc.train(), 1));
        assertEquals(408, mrpc.validation().size());
        assertEquals(279, count(mrpc.validation(), 1));
        assertNotNull(mrpc.train().getFirst().textPair());

        DatasetSplits rte = BenchmarkDatasets.load(Tasks.RTE, root, 0);
        assertEquals(2490, rte.train().size());
        assertEquals(1249, count(rte.train(), 0), "entailment is label 0");
        assertEquals(277, rte.validation().size());
        assertEquals(146, count(rte.validation(), 0));

        DatasetSplits stsb = BenchmarkDatasets.load(Tasks.STSB, root, 0);
        assertEquals(5749, stsb.train().size());
        assertEquals(1500, stsb.validation().size());
        assertEquals(5.0f, stsb.train().getFirst().target());
        assertEquals("An air plane is taking off.", stsb.train().getFirst().textPair());
    }

    @Test
    void agNewsIsASeededSplitOfItsTestFile() {
        Path root = SharedData.datasets();
        DatasetSplits a = BenchmarkDatasets.load(Tasks.AGNEWS, root, 42);
        assertEquals(6000, a.train().size());
        assertEquals(1600, a.validation().size());
        Set<Long> lines = new HashSet<>();
        a.train().forEach(e -> lines.add(e.line()));
        a.validation().forEach(e -> lines.add(e.line()));
        assertEquals(7600, lines.size(), "train and validation are disjoint and cover the file");
        assertEquals(a.train(), BenchmarkDatasets.load(Tasks.AGNEWS, root, 42).train());
        assertNotEquals(a.train(), BenchmarkDatasets.load(Tasks.AGNEWS, root, 43).train());
        List<Example> all = BenchmarkDatasets.readFile(Tasks.AGNEWS, root.resolve("ag_news/test.csv"));
        for (int l = 0; l < 4; l++) {
            assertEquals(1900, count(all, l));
        }
        assertTrue(a.provenance().contains("seed 42"));
    }

    @Test
    void e2eFiles() {
        DatasetSplits e = BenchmarkDatasets.load(Tasks.E2E, SharedData.datasets(), 0);
        assertEquals(4672, e.train().size());
        assertEquals(4693, e.test().size());
        assertEquals(630, e.test().stream().map(Example::text).distinct().count());
        assertEquals(547, e.train().stream().map(Example::text).distinct().count());
        assertTrue(e.test().stream().anyMatch(x -> x.targetText().contains("£")));
    }
}
