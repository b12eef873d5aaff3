package org.peft4j.finetune.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BuiltinDatasetsTest {
    @Test
    void sst2SampleIsBalancedAndLoadsWithoutSharedData() {
        DatasetSplits s = BuiltinDatasets.sst2Sample();
        assertEquals(2000, s.train().size());
        assertEquals(400, s.validation().size());
        assertEquals(1000, s.train().stream().filter(e -> e.label() == 1).count());
        assertEquals(200, s.validation().stream().filter(e -> e.label() == 0).count());
        assertTrue(s.train().getFirst().source().startsWith("classpath:org/peft4j/finetune/data/sst2-sample/"));
    }

    @Test
    void sampleIsReproducibleFromTheFullSplits() throws IOException {
        DatasetSplits full = BenchmarkDatasets.load(Tasks.SST2, SharedData.datasets(), 0);
        DatasetSplits picked = BuiltinDatasets.selectSst2Sample(full);
        assertEquals(resource("train.tsv"), SampleSelection.toSst2Tsv(picked.train()));
        assertEquals(resource("dev.tsv"), SampleSelection.toSst2Tsv(picked.validation()));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BuiltinDatasets.class.getResourceAsStream(BuiltinDatasets.SST2_SAMPLE_DIR + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
