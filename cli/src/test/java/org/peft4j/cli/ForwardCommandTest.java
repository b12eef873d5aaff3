package org.peft4j.cli;

import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** `peft4j forward` reproduces the golden outputs through files, as the external checks drive it. */
class ForwardCommandTest {
    @TempDir Path tmp;

    static Path golden(String c) { return Path.of(System.getProperty("peft4j.fixtures"), "golden", c); }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "bert-seqcls", "roberta-seqcls", "gpt2", "llama-gqa"})
    void writesLastHiddenStateAndLogits(String name) throws IOException {
        Path in = tmp.resolve("in.safetensors"), out = tmp.resolve("out.safetensors");
        try (SafetensorsFile g = SafetensorsFile.open(golden(name).resolve("forward.safetensors"))) {
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (String k : new String[]{"input_ids", "attention_mask", "token_type_ids"})
                if (g.contains("input1." + k)) inputs.put(k, g.tensor("input1." + k));
            SafetensorsWriter.write(in, inputs);
            CliRunner.Result r = CliRunner.run("forward", "--model", golden(name).resolve("model").toString(),
                    "--inputs", in.toString(), "--output", out.toString());
            assertEquals(0, r.exitCode(), r.err());
            try (SafetensorsFile o = SafetensorsFile.open(out)) {
                assertEquals("F32", o.tensor("last_hidden_state").dtype().name());
                close(name, o.tensor("last_hidden_state"), g.tensor("input1.last_hidden_state"));
                assertEquals(g.contains("input1.logits"), o.contains("logits"));
                if (g.contains("input1.logits")) close(name, o.tensor("logits"), g.tensor("input1.logits"));
            }
        }
    }

    static void close(String what, Tensor a, Tensor g) {
        float[] x = a.toFloatArray(), y = g.toFloatArray();
        assertArrayEquals(g.shape(), a.shape(), what);
        double max = 0, diff = 0;
        for (int i = 0; i < y.length; i++) { max = Math.max(max, Math.abs(y[i])); diff = Math.max(diff, Math.abs(x[i] - y[i])); }
        assertTrue(diff <= 1e-4 * Math.max(1, max), what + ": max diff " + diff);
    }

    @ParameterizedTest
    @ValueSource(strings = {"peft-lora-bert", "peft-ia3-llama"})
    void appliesAPeftAdapterUnmergedAndMerged(String name) throws IOException {
        Path in = tmp.resolve("in.safetensors"), out = tmp.resolve("out.safetensors");
        String base = name.endsWith("bert") ? "bert-seqcls" : "llama-gqa";
        try (SafetensorsFile g = SafetensorsFile.open(golden(name).resolve("forward.safetensors"))) {
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (String k : new String[]{"input_ids", "attention_mask", "token_type_ids"})
                if (g.contains("input0." + k)) inputs.put(k, g.tensor("input0." + k));
            SafetensorsWriter.write(in, inputs);
            for (String key : new String[]{"logits", "merged_logits"}) {
                CliRunner.Result r = key.equals("logits")
                        ? CliRunner.run("forward", "--model", golden(base).resolve("model").toString(), "--adapter", golden(name).resolve("adapter").toString(),
                                "--inputs", in.toString(), "--output", out.toString())
                        : CliRunner.run("forward", "--model", golden(base).resolve("model").toString(), "--adapter", golden(name).resolve("adapter").toString(),
                                "--merge", "--inputs", in.toString(), "--output", out.toString());
                assertEquals(0, r.exitCode(), r.err());
                try (SafetensorsFile o = SafetensorsFile.open(out)) {
                    close(name + " " + key, o.tensor("logits"), g.tensor("input0." + key));
                }
            }
        }
    }

    @Test
    void anAdapterForAnotherArchitectureIsRefused() throws IOException {
        Path in = tmp.resolve("in.safetensors");
        SafetensorsWriter.write(in, Map.of("input_ids", Tensor.ofLongs(new long[]{1, 2}, 1, 2)));
        CliRunner.Result r = CliRunner.run("forward", "--model", golden("bert-seqcls").resolve("model").toString(), "--inputs", in.toString(),
                "--output", tmp.resolve("o.safetensors").toString(), "--adapter", golden("peft-lora-llama").resolve("adapter").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("llama") && r.err().contains("bert"), r.err());
        assertFalse(Files.exists(tmp.resolve("o.safetensors")));
    }

    @Test
    void missingInputIdsAndBadIdsAreReported() throws IOException {
        Path in = tmp.resolve("in.safetensors");
        SafetensorsWriter.write(in, Map.of("attention_mask", Tensor.ofLongs(new long[]{1, 1}, 1, 2)));
        CliRunner.Result r = CliRunner.run("forward", "--model", golden("bert").resolve("model").toString(), "--inputs", in.toString(),
                "--output", tmp.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("input_ids"), r.err());
        SafetensorsWriter.write(in, Map.of("input_ids", Tensor.ofLongs(new long[]{1, 9999}, 1, 2)));
        r = CliRunner.run("forward", "--model", golden("bert").resolve("model").toString(), "--inputs", in.toString(),
                "--output", tmp.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("9999") && r.err().contains("vocab"), r.err());
        assertFalse(Files.exists(tmp.resolve("o.safetensors")));
    }
}
