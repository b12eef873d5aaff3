package org.peft4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;

import static org.junit.jupiter.api.Assertions.*;

/** {@code --trace DIR} on forward and finetune writes the four trace files and prints the summary to stderr. */
class TraceOptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void assertTraceFiles(Path dir) throws Exception {
        for (String f : List.of("summary.txt", "tree.txt", "ops.jsonl", "trace.json")) assertTrue(Files.isRegularFile(dir.resolve(f)), "missing " + f);
        assertTrue(JSON.readTree(dir.resolve("trace.json").toFile()).get("traceEvents").size() > 10);
        for (String line : Files.readAllLines(dir.resolve("ops.jsonl"))) assertTrue(JSON.readTree(line).has("op"), line);
    }

    @Test
    void forwardTracesTheModelOps(@TempDir Path tmp) throws Exception {
        Path golden = ForwardCommandTest.golden("bert-seqcls"), in = tmp.resolve("in.safetensors"), trace = tmp.resolve("trace");
        try (SafetensorsFile g = SafetensorsFile.open(golden.resolve("forward.safetensors"))) {
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            inputs.put("input_ids", g.tensor("input1.input_ids"));
            SafetensorsWriter.write(in, inputs);
        }
        CliRunner.Result r = CliRunner.run("forward", "--model", golden.resolve("model").toString(), "--inputs", in.toString(),
                "--output", tmp.resolve("out.safetensors").toString(), "--trace", trace.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("all ops") && r.err().contains("linear"), r.err());
        assertTraceFiles(trace);
        String tree = Files.readString(trace.resolve("tree.txt"));
        assertTrue(tree.contains("layer.0") && tree.contains("query") && tree.contains("- linear F32["), tree);
        assertFalse(tree.contains("backward"), "forward runs without a tape");
    }

    @Test
    void finetuneTracesForwardBackwardAndOptimizer(@TempDir Path tmp) throws Exception {
        Path trace = tmp.resolve("trace");
        CliRunner.Result r = FinetuneCommandTest.finetune(tmp.resolve("run"), "--method", "lora", "--r", "4", "--epochs", "1",
                "--trace", trace.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTraceFiles(trace);
        String tree = Files.readString(trace.resolve("tree.txt"));
        assertTrue(tree.contains("backward  [") && tree.contains("optimizer  ["), tree);
        assertTrue(tree.contains("lora_A") && tree.contains("lora_B"), "LoRA's extra path appears under the adapted layers:\n" + tree);
        assertTrue(tree.contains("adamw_update"), tree);
    }
}
