package org.peft4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * finetune/eval for the E2E generation task on the golden tiny GPT-2 (vocab 512) with a made-up byte-level BPE
 * tokenizer that fits it and made-up E2E-shaped rows (test resources tiny-gpt2/, see make_fixtures.py).
 */
class FinetuneGenerationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRunner.Result finetune(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("finetune", "--no-progress", "--model", FinetuneCommandTest.golden("gpt2").toString(),
                "--tokenizer", FinetuneCommandTest.resource("tiny-gpt2/tokenizer.json").toString(), "--task", "e2e",
                "--data", FinetuneCommandTest.resource("tiny-gpt2/data").toString(), "--epochs", "2", "--batch", "4",
                "--lr", "1e-2", "--max-length", "48", "--max-new-tokens", "8", "--eval-batch", "4", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void loraOnGpt2GeneratesScoresAndEvalRepeatsTheScores(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("lora");
        CliRunner.Result r = finetune(out, "--method", "lora", "--target-modules", "q,v");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode adapter = JSON.readTree(out.resolve("adapter_config.json").toFile());
        assertEquals("c_attn", adapter.at("/target_modules/0").asText()); // q and v both live in GPT-2's fused c_attn
        assertEquals(1, adapter.get("target_modules").size());
        assertEquals("CAUSAL_LM", adapter.get("task_type").asText());

        JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(24, m.at("/examples/train").asInt());
        assertEquals(6, m.at("/examples/test/rows").asInt());
        assertEquals(3, m.at("/examples/test/sources").asInt());
        for (String k : List.of("bleu", "nist", "meteor", "rouge_l", "cider", "eval_loss", "perplexity"))
            assertTrue(m.at("/test/" + k).isNumber(), k + " in " + m.get("test"));
        assertEquals(3, Files.readAllLines(out.resolve("predictions.txt")).size());

        CliRunner.Result e = CliRunner.run("eval", "--adapter", out.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertSameScores(m.get("test"), JSON.readTree(e.out()).get("test"));
    }

    @Test
    void fromScratchFullTrainingIsReproducedByEval(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("scratch");
        CliRunner.Result r = finetune(out, "--random-init", "--method", "full");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
        assertTrue(m.get("model").asText().contains("random weights"), m.get("model").asText());
        CliRunner.Result e = CliRunner.run("eval", "--adapter", out.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertSameScores(m.get("test"), JSON.readTree(e.out()).get("test"));
    }

    @Test
    void aClassificationModelCannotRunTheGenerationTask(@TempDir Path tmp) {
        CliRunner.Result r = CliRunner.run("finetune", "--no-progress", "--model", FinetuneCommandTest.golden("bert").toString(),
                "--tokenizer", FinetuneCommandTest.resource("tiny-bert/tokenizer.json").toString(), "--task", "e2e",
                "--data", FinetuneCommandTest.resource("tiny-gpt2/data").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("needs a causal LM"), r.err());
    }

    /**
     * The generated texts (and so every text metric) must be identical; the teacher-forced loss may differ in its
     * last bits, because the Vector API's lane reductions may add in another order once the JIT compiles a loop.
     */
    private static void assertSameScores(JsonNode expected, JsonNode actual) {
        assertEquals(expected.size(), actual.size(), actual.toString());
        expected.fieldNames().forEachRemaining(k -> {
            if (k.equals("eval_loss") || k.equals("perplexity"))
                assertEquals(expected.get(k).asDouble(), actual.get(k).asDouble(), 1e-6 * Math.abs(expected.get(k).asDouble()), k);
            else
                assertEquals(expected.get(k), actual.get(k), k);
        });
    }
}
