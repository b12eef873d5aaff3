package org.peft4j.federated.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.federated.protocol.SparseTensor;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.tensor.Tensor;

class FedAvgTest {
    private static final Map<String, Tensor> GLOBAL = Map.of("w", Tensor.of(new float[]{0, 0, 0, 0, 9}, 5), "b", Tensor.of(new float[]{1, 1}, 2));

    @Test
    void weightedAndMaskedAverageMatchesHandComputation() {
        // A (n=1) dense w=[1,2,3,4,5]; B (n=3) dense w=[5,6,7,8,9]; C (n=2) sparse w, elements 0 and 2 = [10, 30]
        Contribution a = new Contribution("a", 1, TensorUpdate.dense(Map.of("w", Tensor.of(new float[]{1, 2, 3, 4, 5}, 5))));
        Contribution b = new Contribution("b", 3, TensorUpdate.dense(Map.of("w", Tensor.of(new float[]{5, 6, 7, 8, 9}, 5))));
        SparseTensor s = SparseTensor.select(Tensor.of(new float[]{10, 0, 30, 0, 0}, 5), new boolean[]{true, false, true, false, false});
        Contribution c = new Contribution("c", 2, new TensorUpdate(Map.of(), Map.of("w", s)));
        Map<String, Tensor> out = FedAvg.aggregate(GLOBAL, List.of(c, a, b));
        // element 0: (1·1 + 3·5 + 2·10)/6 = 6;  1: (2 + 18)/4 = 5;  2: (3 + 21 + 60)/6 = 14;  3: (4 + 24)/4 = 7;  4: (5 + 27)/4 = 8
        assertArrayEquals(new float[]{6, 5, 14, 7, 8}, out.get("w").toFloatArray());
        // nobody sent b: it keeps its global value
        assertArrayEquals(new float[]{1, 1}, out.get("b").toFloatArray());
        // arrival order does not matter, to the bit
        assertArrayEquals(out.get("w").toFloatArray(), FedAvg.aggregate(GLOBAL, List.of(b, c, a)).get("w").toFloatArray());
    }

    @Test
    void validatorRejectsWhatMustNotBeAveraged() {
        assertValid(TensorUpdate.dense(Map.of("w", Tensor.zeros(5))), 1);
        assertInvalid(TensorUpdate.dense(Map.of("w", Tensor.zeros(5))), 0, "sample count 0");
        assertInvalid(TensorUpdate.dense(Map.of()), 1, "no tensors");
        assertInvalid(TensorUpdate.dense(Map.of("x", Tensor.zeros(5))), 1, "'x' is not part of the global adapter");
        assertInvalid(TensorUpdate.dense(Map.of("w", Tensor.zeros(4))), 1, "shape [4], expected [5]");
        assertInvalid(TensorUpdate.dense(Map.of("w", Tensor.ofInts(new int[5], 5))), 1, "is I32, expected F32");
        assertInvalid(TensorUpdate.dense(Map.of("w", Tensor.of(new float[]{0, 0, Float.NaN, 0, 0}, 5))), 1, "element 2 is NaN");
        assertInvalid(TensorUpdate.dense(Map.of("b", Tensor.of(new float[]{Float.POSITIVE_INFINITY, 0}, 2))), 1, "element 0 is Infinity");
        SparseTensor wrongShape = SparseTensor.select(Tensor.zeros(2, 2), new boolean[]{true, false, false, false});
        assertInvalid(new TensorUpdate(Map.of(), Map.of("w", wrongShape)), 1, "has shape [2, 2], expected [5]");
    }

    private static void assertValid(TensorUpdate u, long n) {
        try {
            UpdateValidator.validate(GLOBAL, n, u);
        } catch (InvalidUpdateException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertInvalid(TensorUpdate u, long n, String fragment) {
        InvalidUpdateException e = assertThrows(InvalidUpdateException.class, () -> UpdateValidator.validate(GLOBAL, n, u));
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
    }

    @Test
    void checkpointsRoundTripAndNeverLeaveTempFiles(@TempDir Path dir) throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        assertTrue(store.load().isEmpty());
        store.save(3, GLOBAL);
        store.save(4, Map.of("w", Tensor.of(new float[]{1, 2, 3, 4, 5}, 5), "b", Tensor.of(new float[]{7, 8}, 2)));
        CheckpointStore.Checkpoint cp = store.load().orElseThrow();
        assertEquals(4, cp.round());
        assertArrayEquals(new float[]{7, 8}, cp.global().get("b").toFloatArray());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(CheckpointStore.FILE), files.map(p -> p.getFileName().toString()).toList());
        }
        Files.write(dir.resolve(CheckpointStore.FILE), new byte[]{1, 2, 3});
        IOException e = assertThrows(IOException.class, store::load);
        assertTrue(e.getMessage().contains("not a valid checkpoint"), e.getMessage());
    }

    @Test
    void samplingIsReproducibleAndHonoursTheMinimum() {
        List<String> ids = List.of("e", "a", "d", "c", "b", "f", "g", "h", "i", "j");
        List<String> r1 = ClientSampler.sample(ids, 0.3, 2, 42, 1);
        assertEquals(3, r1.size());
        assertEquals(r1, ClientSampler.sample(List.of("j", "i", "h", "g", "f", "e", "d", "c", "b", "a"), 0.3, 2, 42, 1), "order of arrival is irrelevant");
        assertEquals(5, ClientSampler.sample(ids, 0.1, 5, 42, 1).size());
        assertEquals(10, ClientSampler.sample(ids, 1.0, 1, 42, 1).size());
        assertEquals(2, ClientSampler.sample(List.of("a", "b"), 0.5, 3, 42, 1).size());
    }
}
