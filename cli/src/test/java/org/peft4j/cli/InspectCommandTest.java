package org.peft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.ModelWeights;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;
import picocli.CommandLine;

class InspectCommandTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path golden(String rel) {
        return Path.of(System.getProperty("peft4j.fixtures", "../fixtures"), "golden", rel);
    }

    @Test
    void textListsEveryTensorTotalsAndTheConfig() throws Exception {
        Path dir = golden("bert-seqcls/model");
        Run r = run("inspect", dir.toString());
        assertEquals(0, r.code(), r.err());
        try (ModelWeights w = ModelWeights.open(dir)) {
            long elements = 0, bytes = 0;
            for (String n : w.names()) {
                assertTrue(r.out().contains(n), n);
                elements += w.info(n).numel();
                bytes += w.info(n).byteSize();
            }
            assertTrue(r.out().contains(String.format("total: %,d tensors, %,d elements, %,d bytes", w.size(), elements, bytes)), r.out());
        }
        assertTrue(r.out().contains("config: model_type=bert  architectures=[BertForSequenceClassification]  layers=2  hidden=64  heads=4"), r.out());
        assertTrue(r.out().contains("num_labels=3"), r.out());
        assertTrue(r.out().contains("weights vs config: 39/39 base parameters match under prefix \"bert.\", 2 other tensors"), r.out());
    }

    @Test
    void jsonReport() throws Exception {
        Run r = run("inspect", "--json", golden("llama-gqa/model/model.safetensors").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("safetensors", j.get("kind").asText());
        assertEquals("llama", j.at("/config/model_type").asText());
        assertEquals(2, j.at("/config/kv_heads").asInt());
        assertEquals(21, j.at("/totals/tensors").asInt());
        assertEquals(21, j.get("tensors").size());
        assertEquals(j.at("/weights_vs_config/expected").asInt(), j.at("/weights_vs_config/found").asInt());
        JsonNode lm = j.get("tensors").get(0);
        assertEquals("lm_head.weight", lm.get("name").asText());
        assertEquals(400 * 64 * 4, lm.get("bytes").asLong());
        assertEquals("[400,64]", lm.get("shape").toString());
    }

    @Test
    void shardedFolderShowsTheShardOfEachTensor() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(golden("gpt2/model/model.safetensors"))) {
            Map<String, Tensor> a = new LinkedHashMap<>(), b = new LinkedHashMap<>();
            Map<String, String> index = new LinkedHashMap<>();
            int i = 0;
            for (String n : f.names()) {
                String shard = i++ < 10 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
                (shard.startsWith("model-00001") ? a : b).put(n, f.tensor(n));
                index.put(n, shard);
            }
            SafetensorsWriter.write(tmp.resolve("model-00001-of-00002.safetensors"), a, Map.of("format", "pt"));
            SafetensorsWriter.write(tmp.resolve("model-00002-of-00002.safetensors"), b, Map.of("format", "pt"));
            new ObjectMapper().writeValue(tmp.resolve("model.safetensors.index.json").toFile(), Map.of("weight_map", index));
        }
        Files.copy(golden("gpt2/model/config.json"), tmp.resolve("config.json"));
        Run r = run("inspect", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("model-00002-of-00002.safetensors"), r.out());
        assertTrue(r.out().contains("28/28 base parameters match under prefix \"transformer.\""), r.out());
    }

    @Test
    void onnxExportUnderHuggingFaceNames() throws Exception {
        Path onnx = tmp.resolve("all-minilm-l6-v2.onnx");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            Files.copy(in, onnx);
        }
        Run r = run("inspect", "--json", "--summary", onnx.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("onnx", j.get("kind").asText());
        assertEquals(104, j.at("/totals/tensors").asInt());
        assertEquals(22_713_216 + 512, j.at("/totals/elements").asLong());
        assertTrue(j.get("unmapped_initializers") == null, r.out());
        Run text = run("inspect", onnx.toString());
        assertTrue(text.out().contains("encoder.layer.5.output.dense.weight"), text.out());
    }

    @Test
    void badInputGetsAMessageNotAStackTrace() throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("pt"));
        Files.write(bin.resolve("pytorch_model.bin"), new byte[]{'P', 'K', 3, 4});
        Run r = run("inspect", bin.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("peft4j inspect: "), r.err());
        assertTrue(r.err().contains("arbitrary code"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(2, run("inspect", tmp.resolve("absent").toString()).code());
    }
}
