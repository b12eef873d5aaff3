package org.peft4j.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.TestData;

class ModelWeightsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    Path golden;
    Map<String, String> weightMap;

    @BeforeEach
    void shardTheGoldenBert() throws Exception {
        golden = TestData.golden().resolve("bert/model/model.safetensors");
        weightMap = new LinkedHashMap<>();
        Map<String, Tensor> a = new LinkedHashMap<>(), b = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(golden)) {
            int i = 0;
            for (String n : f.names()) {
                boolean first = i++ % 2 == 0;
                (first ? a : b).put(n, f.tensor(n));
                weightMap.put(n, first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
            }
            SafetensorsWriter.write(tmp.resolve("model-00001-of-00002.safetensors"), a, Map.of("format", "pt"));
            SafetensorsWriter.write(tmp.resolve("model-00002-of-00002.safetensors"), b, Map.of("format", "pt"));
        }
        writeIndex(weightMap);
    }

    void writeIndex(Map<String, String> map) throws Exception {
        JSON.writeValue(tmp.resolve(ModelWeights.INDEX_FILE).toFile(), Map.of("metadata", Map.of("total_size", 433000), "weight_map", map));
    }

    @Test
    void shardedCheckpointReadsAsOneModel() throws Exception {
        try (ModelWeights sharded = ModelWeights.open(tmp); SafetensorsFile whole = SafetensorsFile.open(golden)) {
            assertEquals(2, sharded.files().size());
            assertEquals(new java.util.TreeSet<>(whole.names()), new java.util.TreeSet<>(sharded.names()));
            for (String n : whole.names()) {
                assertArrayEquals(whole.info(n).shape(), sharded.info(n).shape());
                assertArrayEquals(whole.tensor(n).toFloatArray(), sharded.tensor(n).toFloatArray(), n);
            }
            assertEquals(Map.of("format", "pt"), sharded.metadata());
            assertEquals(whole.dataLength(), sharded.dataBytes());
        }
        try (ModelWeights viaIndex = ModelWeights.open(tmp.resolve(ModelWeights.INDEX_FILE))) {
            assertEquals(2, viaIndex.files().size());
        }
    }

    @Test
    void singleFileFolderAndFile() throws Exception {
        try (ModelWeights dir = ModelWeights.open(golden.getParent()); ModelWeights file = ModelWeights.open(golden)) {
            assertEquals(dir.names(), file.names());
            assertEquals(1, dir.files().size());
            assertTrue(dir.contains("embeddings.word_embeddings.weight"));
        }
    }

    @Test
    void missingShardIsNamed() throws Exception {
        Files.delete(tmp.resolve("model-00002-of-00002.safetensors"));
        var e = assertThrows(SafetensorsFormatException.class, () -> ModelWeights.open(tmp));
        assertEquals(tmp.resolve(ModelWeights.INDEX_FILE).toString(), e.source());
        assertTrue(e.getMessage().contains("shard 'model-00002-of-00002.safetensors' is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("puts " + weightMap.values().stream().filter(s -> s.startsWith("model-00002")).count() + " tensors there"));
    }

    @Test
    void indexAndShardsMustAgree() throws Exception {
        Map<String, String> wrong = new LinkedHashMap<>(weightMap);
        String moved = wrong.keySet().iterator().next();
        wrong.put(moved, "model-00002-of-00002.safetensors");
        writeIndex(wrong);
        var e = assertThrows(SafetensorsFormatException.class, () -> ModelWeights.open(tmp));
        assertEquals(moved, e.tensor());
        assertTrue(e.getMessage().contains("but it is in 'model-00001-of-00002.safetensors'"), e.getMessage());

        Map<String, String> ghost = new LinkedHashMap<>(weightMap);
        ghost.put("pooler.dense.weight.extra", "model-00001-of-00002.safetensors");
        writeIndex(ghost);
        e = assertThrows(SafetensorsFormatException.class, () -> ModelWeights.open(tmp));
        assertEquals("pooler.dense.weight.extra", e.tensor());
        assertTrue(e.getMessage().contains("no shard holds it"));
    }

    @Test
    void shardNamesCannotLeaveTheFolder() throws Exception {
        writeIndex(Map.of("x", "../elsewhere.safetensors"));
        var e = assertThrows(SafetensorsFormatException.class, () -> ModelWeights.open(tmp));
        assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
        Files.writeString(tmp.resolve(ModelWeights.INDEX_FILE), "{\"weight_map\": [1]}");
        e = assertThrows(SafetensorsFormatException.class, () -> ModelWeights.open(tmp));
        assertTrue(e.getMessage().contains("'weight_map' to be an object"), e.getMessage());
        Files.writeString(tmp.resolve(ModelWeights.INDEX_FILE), "{\"weight_map\": {");
        e = assertThrows(SafetensorsFormatException.class, () -> ModelWeights.open(tmp));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void duplicateTensorAcrossShards() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(golden)) {
            SafetensorsWriter.write(tmp.resolve("model-00002-of-00002.safetensors"), Map.of("embeddings.LayerNorm.bias", f.tensor("embeddings.LayerNorm.bias")), null);
        }
        var e = assertThrows(SafetensorsFormatException.class, () -> ModelWeights.open(tmp));
        assertTrue(e.getMessage().contains("also present in"), e.getMessage());
    }

    @Test
    void pickleOnlyFolderIsRefusedWithTheCure() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("pt"));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[]{'P', 'K', 3, 4});
        Files.writeString(dir.resolve("config.json"), "{}");
        var e = assertThrows(PickleCheckpointException.class, () -> ModelWeights.open(dir));
        assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("arbitrary code"));
        assertTrue(e.getMessage().contains("save_pretrained(dir, safe_serialization=True)"));
        assertThrows(PickleCheckpointException.class, () -> ModelWeights.open(dir.resolve("pytorch_model.bin")));
        Files.writeString(dir.resolve("pytorch_model.bin.index.json"), "{}");
        assertThrows(PickleCheckpointException.class, () -> ModelWeights.open(dir.resolve("pytorch_model.bin.index.json")));
    }

    @Test
    void emptyFolderSaysWhatWasExpected() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        var e = assertThrows(SafetensorsFormatException.class, () -> ModelWeights.open(dir));
        assertTrue(e.getMessage().contains("expected model.safetensors or model.safetensors.index.json, found no safetensors files"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ModelWeights.open(dir.resolve("nope.safetensors")));
    }
}
