package org.peft4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The finetune and eval commands end to end on the golden tiny BERT (vocab 500) with a made-up WordPiece tokenizer
 * whose ids fit it (test resources tiny-bert/, see make_tokenizer.py) and made-up SST-2-shaped rows.
 */
class FinetuneCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path golden(String model) {
        String fixtures = System.getProperty("peft4j.fixtures");
        Assumptions.assumeTrue(fixtures != null, "peft4j.fixtures not set");
        Path dir = Path.of(fixtures, "golden", model, "model");
        Assumptions.assumeTrue(Files.isDirectory(dir), "missing " + dir);
        return dir;
    }

    static Path resource(String name) {
        try {
            return Path.of(FinetuneCommandTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** finetune on the tiny BERT (tokenizer, sst2, short training); extra options (pairs) override the defaults. */
    static CliRunner.Result finetune(Path out, String... extra) {
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("--model", golden("bert").toString());
        opts.put("--tokenizer", resource("tiny-bert/tokenizer.json").toString());
        opts.put("--task", "sst2");
        opts.put("--data", resource("tiny-bert/data").toString());
        opts.put("--epochs", "2");
        opts.put("--batch", "8");
        opts.put("--lr", "5e-3");
        opts.put("--max-length", "32");
        opts.put("--eval-batch", "8");
        opts.put("--out", out.toString());
        for (int i = 0; i < extra.length; i += 2) opts.put(extra[i], extra[i + 1]);
        List<String> args = new ArrayList<>(List.of("finetune", "--no-progress"));
        opts.forEach((k, v) -> { args.add(k); args.add(v); });
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void finetuneWritesTheRunAndEvalReproducesItsMetrics(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        CliRunner.Result r = finetune(out, "--method", "lora", "--r", "4", "--target-modules", "q,v", "--layers", "last:1");
        assertEquals(0, r.exitCode(), r.err());
        for (String f : List.of("adapter_config.json", "adapter_model.safetensors", "metrics.json", "run.json", "train_log.jsonl",
                "loss.png", "metrics.png", "checkpoint/trainer_state.json", "checkpoint/optimizer.safetensors"))
            assertTrue(Files.exists(out.resolve(f)), "missing " + f);

        JsonNode adapter = JSON.readTree(out.resolve("adapter_config.json").toFile());
        assertEquals("LORA", adapter.get("peft_type").asText());
        assertEquals(4, adapter.get("r").asInt());
        assertEquals(List.of("query", "value"), List.of(adapter.get("target_modules").get(0).asText(), adapter.get("target_modules").get(1).asText()));
        assertEquals(1, adapter.get("layers_to_transform").get(0).asInt()); // last:1 of 2 layers

        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(48, metrics.at("/examples/train").asInt());
        assertEquals(20, metrics.at("/examples/validation").asInt());
        assertEquals(12, metrics.at("/training/steps").asInt()); // 2 epochs x 6 batches of 8
        assertTrue(metrics.at("/validation/accuracy").isNumber());
        long logLines = Files.readAllLines(out.resolve("train_log.jsonl")).stream().filter(l -> l.contains("\"type\":\"eval\"")).count();
        assertEquals(2, logLines, "one evaluation per epoch");
        JsonNode cmd = JSON.readTree(out.resolve("run.json").toFile()).get("command_line");
        assertEquals(List.of("peft4j", "finetune", "--no-progress"), List.of(cmd.get(0).asText(), cmd.get(1).asText(), cmd.get(2).asText()),
                "run.json's command_line names the subcommand once: " + cmd);

        CliRunner.Result e = CliRunner.run("eval", "--adapter", out.toString());
        assertEquals(0, e.exitCode(), e.err());
        JsonNode again = JSON.readTree(e.out());
        assertEquals(metrics.get("validation"), again.get("validation"), "eval must repeat metrics.json exactly");
    }

    @Test
    void otherMethodsTrainAndEvaluate(@TempDir Path tmp) throws Exception {
        for (String method : List.of("ia3", "bitfit", "adapter", "full", "federa")) {
            Path out = tmp.resolve(method);
            CliRunner.Result r = method.equals("federa")
                    ? finetune(out, "--method", "lora", "--init", "federa", "--epochs", "1")
                    : finetune(out, "--method", method, "--epochs", "1");
            assertEquals(0, r.exitCode(), method + ": " + r.err());
            JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
            CliRunner.Result e = CliRunner.run("eval", "--adapter", out.toString());
            assertEquals(0, e.exitCode(), method + ": " + e.err());
            assertEquals(metrics.get("validation"), JSON.readTree(e.out()).get("validation"), method);
        }
        // the FeDeRA adapter needs its residual base: without the starting adapter the same tensors score differently
        Path federa = tmp.resolve("federa");
        assertTrue(Files.exists(federa.resolve("federa_initial_adapter.safetensors")));
        Files.delete(federa.resolve("federa_initial_adapter.safetensors"));
        CliRunner.Result onPretrained = CliRunner.run("eval", "--adapter", federa.toString());
        assertEquals(0, onPretrained.exitCode(), onPretrained.err());
        assertNotEquals(JSON.readTree(federa.resolve("metrics.json").toFile()).at("/validation/eval_loss").asDouble(),
                JSON.readTree(onPretrained.out()).at("/validation/eval_loss").asDouble());
    }

    @Test
    void longRowsAreTruncatedCountedAndReported(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("reviews.csv");
        StringBuilder sb = new StringBuilder("review,stars\n");
        for (int i = 0; i < 10; i++) {
            String words = i < 3 ? "the film is good and great and fine and nice and wonderful and moving and charming and beautiful" : "the film is bad";
            sb.append(words).append(',').append(i % 2).append('\n');
        }
        Files.writeString(csv, sb.toString());
        Path out = tmp.resolve("run");
        CliRunner.Result r = finetune(out, "--data", csv.toString(), "--text-column", "review", "--label-column", "stars",
                "--max-length", "8", "--epochs", "1", "--seed", "1");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
        int truncated = m.at("/truncated/train").asInt() + m.at("/truncated/validation").asInt();
        assertEquals(3, truncated, m.toString());
        assertTrue(r.err().contains("examples truncated to 8 tokens"), r.err());
        assertEquals(9, m.at("/examples/train").asInt()); // 10% seeded holdout
        assertTrue(m.get("data").asText().contains("seeded shuffle"), m.get("data").asText());
    }

    @Test
    void misnamedColumnNamesTheFileAndTheColumns(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("d.csv");
        Files.writeString(csv, "sentence,label\ngood film,1\nbad film,0\n");
        CliRunner.Result r = finetune(tmp.resolve("o"), "--data", csv.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(csv.toString()) && r.err().contains("text") && r.err().contains("sentence"), r.err());
    }

    @Test
    void labelOutsideTheTaskNamesFileAndLine(@TempDir Path tmp) throws Exception {
        Path jsonl = tmp.resolve("d.jsonl");
        Files.writeString(jsonl, "{\"text\":\"good\",\"label\":1}\n{\"text\":\"bad\",\"label\":0}\n{\"text\":\"odd\",\"label\":3}\n");
        CliRunner.Result r = finetune(tmp.resolve("o"), "--data", jsonl.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(jsonl + ":3") && r.err().contains("label"), r.err());
    }

    @Test
    void emptyFileIsAClearError(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("empty.csv");
        Files.writeString(csv, "");
        CliRunner.Result r = finetune(tmp.resolve("o"), "--data", csv.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(csv.toString()), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void nonUtf8BytesNameFileAndLine(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("latin1.csv");
        Files.write(csv, new byte[]{'t', 'e', 'x', 't', ',', 'l', 'a', 'b', 'e', 'l', '\n', 'o', 'k', ',', '1', '\n',
                'c', 'a', 'f', (byte) 0xE9, ',', '0', '\n'});
        CliRunner.Result r = finetune(tmp.resolve("o"), "--data", csv.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(csv + ":3") && r.err().contains("UTF-8"), r.err());
    }

    @Test
    void unknownAliasAndBadLayersAreRejectedBeforeTraining(@TempDir Path tmp) {
        CliRunner.Result a = finetune(tmp.resolve("a"), "--target-modules", "q,gate");
        assertEquals(1, a.exitCode());
        assertTrue(a.err().contains("'gate'") && a.err().contains("bert"), a.err());
        CliRunner.Result b = finetune(tmp.resolve("b"), "--layers", "last:5");
        assertEquals(1, b.exitCode());
        assertTrue(b.err().contains("2 layers"), b.err());
        assertFalse(Files.exists(tmp.resolve("a").resolve("metrics.json")));
    }

    @Test
    void aPausedRunResumedFromItsCheckpointEndsLikeAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight"), paused = tmp.resolve("paused");
        assertEquals(0, finetune(straight, "--lora-dropout", "0.2").exitCode());
        CliRunner.Result p = finetune(paused, "--lora-dropout", "0.2", "--stop-after-steps", "4"); // inside epoch 1 of 2
        assertEquals(0, p.exitCode(), p.err());
        assertTrue(p.out().contains("paused at step 4"), p.out());
        assertFalse(Files.exists(paused.resolve("metrics.json")));

        CliRunner.Result changed = CliRunner.run(resumeArgs(paused, "--lr", "1e-3"));
        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().contains("options differ"), changed.err());

        CliRunner.Result r = CliRunner.run(resumeArgs(paused));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode a = JSON.readTree(straight.resolve("metrics.json").toFile()), b = JSON.readTree(paused.resolve("metrics.json").toFile());
        assertEquals(a.get("validation"), b.get("validation"));
        assertArrayEquals(Files.readAllBytes(straight.resolve("adapter_model.safetensors")), Files.readAllBytes(paused.resolve("adapter_model.safetensors")));
    }

    private static String[] resumeArgs(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("finetune", "--no-progress", "--model", golden("bert").toString(),
                "--tokenizer", resource("tiny-bert/tokenizer.json").toString(), "--task", "sst2",
                "--data", resource("tiny-bert/data").toString(), "--epochs", "2", "--batch", "8", "--lr", "5e-3",
                "--max-length", "32", "--eval-batch", "8", "--lora-dropout", "0.2", "--out", out.toString(), "--resume"));
        for (int i = 0; i < extra.length; i += 2) {
            int at = args.indexOf(extra[i]);
            args.set(at + 1, extra[i + 1]);
        }
        return args.toArray(String[]::new);
    }

    @Test
    void aFinishedRunIsNotOverwritten(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        assertEquals(0, finetune(out, "--epochs", "1").exitCode());
        CliRunner.Result again = finetune(out, "--epochs", "1");
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("already holds a finished run"), again.err());
    }
}
