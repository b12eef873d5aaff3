package org.peft4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** `peft4j inspect --model DIR --method ...` adds the PEFT cost model as a "cost" section. */
class InspectCostTest {
    static Path golden(String rel) { return Path.of(System.getProperty("peft4j.fixtures"), "golden", rel); }

    static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void loraCostOfTheGoldenBertMatchesPeftsAdapter() throws Exception {
        InspectCommandTest.Run r = InspectCommandTest.run("inspect", "--model", golden("bert-seqcls/model").toString(), "--method", "lora",
                "--r", "4", "--alpha", "8", "--batch", "2", "--seq", "7", "--keep-ratio", "0.1", "--json", "--summary");
        assertEquals(0, r.code(), r.err());
        JsonNode cost = new ObjectMapper().readTree(r.out()).get("sections").get("cost");
        assertEquals(2243, cost.get("trainable_params").asLong(), "PEFT's count: 4 LoRA pairs + the classifier");
        // the golden adapter file is exactly the payload a round sends (same keys, shapes and metadata)
        assertEquals(Files.size(golden("peft-lora-bert/adapter/adapter_model.safetensors")), cost.get("round_upload_bytes").asLong());
        assertEquals(8 * 2243, cost.get("optimizer_state_bytes").asLong());
        assertTrue(cost.get("masked_upload_bytes").asLong() < cost.get("round_upload_bytes").asLong());
        assertTrue(cost.get("step_flops").asDouble() > cost.get("forward_flops").asDouble());
    }

    @Test
    void textOutputAndBadMethodOptions() {
        InspectCommandTest.Run r = InspectCommandTest.run("inspect", golden("llama-gqa/model").toString(), "--method", "ia3", "--summary");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cost: method=ia3  trainable_params=480 "), r.out());   // 2 x (k 32 + v 32 + down 176)
        assertTrue(r.out().contains("round_upload_bytes=" + fileSize(golden("peft-ia3-llama/adapter/adapter_model.safetensors"))), r.out());
        r = InspectCommandTest.run("inspect", "--model", golden("llama-gqa/model").toString(), "--method", "lora", "--targets", "query");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'query' matches no module") && r.err().contains("q_proj"), r.err());
        r = InspectCommandTest.run("inspect", "--model", golden("llama-gqa/model").toString(), "--method", "lora", "--r", "100");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("min(in, out)"), r.err());
        r = InspectCommandTest.run("inspect", golden("llama-gqa/model/model.safetensors").toString(), "--method", "bitfit");
        assertEquals(1, r.code());
    }
}
