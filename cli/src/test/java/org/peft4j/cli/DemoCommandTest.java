package org.peft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.federated.sim.Simulation;
import org.peft4j.federated.sim.SimulationResult;
import org.peft4j.federated.train.ModelSource;
import org.peft4j.finetune.data.BuiltinDatasets;
import org.peft4j.finetune.data.DatasetSplits;

/**
 * The demo's wiring, with its real configuration (3 Dirichlet clients, LoRA, sockets, HMAC, plots, HF PEFT adapter)
 * but a tiny random BERT, 60 training rows, one round of 2 steps, so it runs in seconds. The real model's run is
 * `./peft4j demo` (timed in benchmarks/RESULTS-federated.md).
 */
class DemoCommandTest {
    @Test
    void demoWiringRunsEndToEndOnATinyModel(@TempDir Path dir) throws Exception {
        DatasetSplits full = BuiltinDatasets.sst2Sample();
        DatasetSplits tiny = new DatasetSplits(full.task(), full.train().subList(0, 60), full.validation().subList(0, 24), List.of(), "slice");
        Path tok = Path.of(System.getProperty("peft4j.fixtures"), "golden", "tokenizers", "bert-minilm", "tokenizer.json");
        List<String> lines = new ArrayList<>();
        SimulationResult r = Simulation.run(DemoCommand.config(ModelSource.randomBert(tok, 16, 2, 2, 1), tiny, dir, 1, 2), lines::add);

        assertEquals(2, r.rows().size(), "round 0 and round 1");
        assertEquals(3, r.last().delivered(), "all three clients delivered: " + lines);
        assertTrue(r.last().bytesUp() > 0 && r.last().bytesDown() > 0);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("round 0 (before training): accuracy")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("round 1: accuracy")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("dirichlet(alpha=0.5")), String.join("\n", lines));
        for (String f : new String[]{"accuracy.png", "bytes.png", "summary.jsonl", "server/rounds.jsonl", "adapter/adapter_config.json", "adapter/adapter_model.safetensors"})
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        String config = Files.readString(dir.resolve("adapter/adapter_config.json"));
        assertTrue(config.contains("\"peft_type\"") && config.contains("LORA"), config);
    }
}
