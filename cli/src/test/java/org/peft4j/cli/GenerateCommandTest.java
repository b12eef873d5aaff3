package org.peft4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** `peft4j generate` on the golden decoders: --json ids equal transformers' greedy tokens; streaming prints them. */
class GenerateCommandTest {
    static Path golden(String c) { return Path.of(System.getProperty("peft4j.fixtures"), "golden", c); }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama-gqa"})
    void greedyJsonMatchesTransformers(String name) throws IOException {
        try (SafetensorsFile g = SafetensorsFile.open(golden(name).resolve("generate.safetensors"))) {
            Tensor prompt = g.tensor("prompt_ids"), fresh = g.tensor("new_tokens");
            for (int row = 0; row < prompt.size(0); row++) {
                String ids = Arrays.stream(prompt.select(0, row).toLongArray()).mapToObj(Long::toString).collect(Collectors.joining(","));
                CliRunner.Result r = CliRunner.run("generate", "--model", golden(name).resolve("model").toString(), "--prompt-ids", ids,
                        "--max-new-tokens", Integer.toString(fresh.size(1)), "--greedy", "--json");
                assertEquals(0, r.exitCode(), r.err());
                JsonNode j = new ObjectMapper().readTree(r.out().strip());
                long[] got = new long[j.get("ids").size()];
                for (int i = 0; i < got.length; i++) got[i] = j.get("ids").get(i).asLong();
                assertArrayEquals(fresh.select(0, row).toLongArray(), got, name + " row " + row);
                assertTrue(j.get("tokens_per_s").asDouble() > 0);
            }
        }
    }

    @Test
    void streamsIdsWithoutATokenizerAndRefusesTextPrompts() {
        CliRunner.Result r = CliRunner.run("generate", "--model", golden("gpt2").resolve("model").toString(), "--prompt-ids", "1,2,3",
                "--max-new-tokens", "4", "--temperature", "0.7", "--top-k", "10", "--top-p", "0.9", "--seed", "5", "--no-eos");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(4, r.out().strip().split(" ").length, r.out());
        CliRunner.Result again = CliRunner.run("generate", "--model", golden("gpt2").resolve("model").toString(), "--prompt-ids", "1,2,3",
                "--max-new-tokens", "4", "--temperature", "0.7", "--top-k", "10", "--top-p", "0.9", "--seed", "5", "--no-eos");
        assertEquals(r.out(), again.out(), "same seed, same tokens");
        CliRunner.Result text = CliRunner.run("generate", "--model", golden("gpt2").resolve("model").toString(), "--prompt", "hello",
                "--max-new-tokens", "4");
        assertEquals(1, text.exitCode());
        assertTrue(text.err().contains("tokenizer.json"), text.err());
        CliRunner.Result both = CliRunner.run("generate", "--model", golden("gpt2").resolve("model").toString(), "--prompt-ids", "1",
                "--max-new-tokens", "4", "--greedy", "--temperature", "0.5");
        assertEquals(1, both.exitCode());
    }

    /** With a tokenizer.json beside the model, a text prompt is encoded and the continuation streamed as text. */
    @Test
    void textPromptStreamsDecodedText(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("tiny-gpt2");
        java.nio.file.Files.createDirectories(dir);
        for (String f : new String[]{"config.json", "model.safetensors"})
            java.nio.file.Files.copy(golden("gpt2").resolve("model").resolve(f), dir.resolve(f));
        java.nio.file.Files.copy(FinetuneCommandTest.resource("tiny-gpt2/tokenizer.json"), dir.resolve("tokenizer.json"));
        org.peft4j.weights.tokenizer.Tokenizer tok = org.peft4j.weights.tokenizer.Tokenizer.fromFile(dir.resolve("tokenizer.json"));
        CliRunner.Result json = CliRunner.run("generate", "--model", dir.toString(), "--prompt", "name[The Eagle]", "--max-new-tokens", "6",
                "--greedy", "--no-eos", "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode j = new ObjectMapper().readTree(json.out().strip());
        int[] ids = new int[j.get("ids").size()];
        for (int i = 0; i < ids.length; i++) ids[i] = j.get("ids").get(i).asInt();
        assertEquals(6, ids.length);
        assertArrayEquals(tok.encode("name[The Eagle]").ids(), toInts(j.get("prompt_ids")));
        assertEquals(tok.decode(ids, true), j.get("text").asText());
        CliRunner.Result streamed = CliRunner.run("generate", "--model", dir.toString(), "--prompt", "name[The Eagle]", "--max-new-tokens", "6",
                "--greedy", "--no-eos");
        assertEquals(0, streamed.exitCode(), streamed.err());
        assertEquals(j.get("text").asText() + System.lineSeparator(), streamed.out());
    }

    private static int[] toInts(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    @Test
    void promptLongerThanTheContextIsRefused() {
        String ids = String.join(",", java.util.Collections.nCopies(65, "7"));
        CliRunner.Result r = CliRunner.run("generate", "--model", golden("gpt2").resolve("model").toString(), "--prompt-ids", ids,
                "--max-new-tokens", "2");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("65") && r.err().contains("64"), r.err());
    }
}
