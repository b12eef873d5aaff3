package org.peft4j.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.TestData;

/** Reads every safetensors file in fixtures/golden and checks it against the manifest the generator wrote beside it. */
class GoldenSafetensorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    record GoldenFile(Path path, JsonNode manifestEntry) {
        @Override public String toString() { return TestData.golden().relativize(path).toString(); }
    }

    static List<GoldenFile> goldenFiles() throws Exception {
        List<GoldenFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(TestData.golden())) {
            for (Path manifest : s.filter(p -> p.getFileName().toString().equals("manifest.json")).sorted().toList()) {
                for (JsonNode f : JSON.readTree(manifest.toFile()).get("files"))
                    if ("safetensors".equals(f.path("format").asText()))
                        out.add(new GoldenFile(manifest.getParent().resolve(f.get("path").asText()), f));
            }
        }
        return out;
    }

    @Test
    void manifestsCoverEverySafetensorsFile() throws Exception {
        Set<Path> listed = new TreeSet<>();
        for (GoldenFile g : goldenFiles()) listed.add(g.path().normalize());
        Set<Path> present = new TreeSet<>();
        try (Stream<Path> s = Files.walk(TestData.golden())) {
            s.filter(p -> p.toString().endsWith(".safetensors")).forEach(p -> present.add(p.normalize()));
        }
        assertEquals(present, listed);
        assertTrue(present.size() >= 25, "expected the whole golden set, found " + present.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void headerAndValuesMatchTheManifest(GoldenFile g) throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(g.path())) {
            JsonNode tensors = g.manifestEntry().get("tensors");
            assertEquals(fieldNames(tensors), new TreeSet<>(f.names()));
            JsonNode md = g.manifestEntry().get("metadata");
            if (md != null) assertEquals(JSON.convertValue(md, Map.class), f.metadata());
            for (String name : f.names()) {
                JsonNode want = tensors.get(name);
                TensorInfo info = f.info(name);
                assertEquals(DType.fromSafetensors(want.get("dtype").asText()), info.dtype(), name);
                assertArrayEquals(JSON.convertValue(want.get("shape"), int[].class), info.shape(), name);
                if (want.has("max_abs")) {
                    float maxAbs = 0;
                    for (float v : f.tensor(name).toFloatArray()) maxAbs = Math.max(maxAbs, Math.abs(v));
                    assertEquals((float) want.get("max_abs").asDouble(), maxAbs, name + " max |x|");
                }
            }
            crossCheckValues(f);
        }
    }

    /** Relations between tensors that hold only if every element was decoded right. */
    private static void crossCheckValues(SafetensorsFile f) {
        for (String name : f.names()) {
            Tensor t = f.tensor(name);
            if (name.endsWith("attention_mask"))
                for (long v : t.toLongArray()) assertTrue(v == 0 || v == 1, name + " holds " + v);
            if (name.contains("attentions.")) { // softmax rows sum to one
                int k = t.size(-1);
                float[] p = t.toFloatArray();
                for (int r = 0; r < p.length / k; r++) {
                    double sum = 0;
                    for (int j = 0; j < k; j++) sum += p[r * k + j];
                    assertEquals(1.0, sum, 1e-5, name + " row " + r);
                }
            }
        }
        if (f.contains("sequences") && f.contains("prompt_ids")) {
            Tensor seq = f.tensor("sequences"), prompt = f.tensor("prompt_ids"), fresh = f.tensor("new_tokens");
            int p = prompt.size(1);
            assertArrayEquals(prompt.toLongArray(), seq.narrow(1, 0, p).toLongArray());
            assertArrayEquals(fresh.toLongArray(), seq.narrow(1, p, seq.size(1) - p).toLongArray());
        }
    }

    /** Writing a golden model back gives the very same bytes: same order, header, padding and data. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void rewritingReproducesTheFile(GoldenFile g) throws Exception {
        Path copy = tmp.resolve("rewritten.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(g.path())) {
            Map<String, Tensor> tensors = new LinkedHashMap<>(f.tensors());
            SafetensorsWriter.write(copy, tensors, f.metadata().isEmpty() && !hasMetadataKey(g.path()) ? null : f.metadata());
            try (SafetensorsFile r = SafetensorsFile.open(copy)) {
                assertEquals(f.names(), r.names());
                for (String n : f.names()) assertEquals(f.info(n), r.info(n));
                assertEquals(f.metadata(), r.metadata());
            }
        }
        assertArrayEquals(Files.readAllBytes(g.path()), Files.readAllBytes(copy));
    }

    private static boolean hasMetadataKey(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        return new String(b, 8, Math.min(b.length - 8, 40)).startsWith("{\"__metadata__\"");
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
