package org.peft4j.federated.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.tensor.Tensor;

class LoraAveragingGapTest {
    private static final String A = "l.lora_A.weight", B = "l.lora_B.weight";

    private static Map<String, Tensor> pair(float a, float b) {
        return Map.of(A, Tensor.of(new float[]{a}, 1, 1), B, Tensor.of(new float[]{b}, 1, 1));
    }

    @Test
    void scalarPairsGiveTheHandComputedGap() {
        // client 1: A=1, B=2; client 2: A=3, B=4 (equal weights): avg(BA) = (2+12)/2 = 7, avg(B)avg(A) = 3*2 = 6
        double gap = LoraAveragingGap.of(pair(0, 0), List.of(
                new Contribution("c1", 5, TensorUpdate.dense(pair(1, 2))),
                new Contribution("c2", 5, TensorUpdate.dense(pair(3, 4)))));
        assertEquals(1.0 / 7.0, gap, 1e-12);
    }

    @Test
    void sharedFrozenAMakesAveragingExact() {
        Map<String, Tensor> global = Map.of(A, Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3), B, Tensor.zeros(2, 2));
        Contribution c1 = new Contribution("c1", 3, TensorUpdate.dense(Map.of(B, Tensor.of(new float[]{1, -2, 0.5f, 3}, 2, 2))));
        Contribution c2 = new Contribution("c2", 7, TensorUpdate.dense(Map.of(B, Tensor.of(new float[]{-4, 1, 2, 0.25f}, 2, 2))));
        assertEquals(0, LoraAveragingGap.of(global, List.of(c1, c2)), 1e-7);
    }

    @Test
    void differentFactorsGiveAPositiveGapAndNoPairsGiveNaN() {
        Map<String, Tensor> global = Map.of(A, Tensor.zeros(2, 3), B, Tensor.zeros(2, 2));
        Contribution c1 = new Contribution("c1", 1, TensorUpdate.dense(Map.of(A, Tensor.of(new float[]{1, 0, 0, 0, 1, 0}, 2, 3), B, Tensor.of(new float[]{1, 0, 0, 1}, 2, 2))));
        Contribution c2 = new Contribution("c2", 1, TensorUpdate.dense(Map.of(A, Tensor.of(new float[]{0, 0, 1, 1, 0, 0}, 2, 3), B, Tensor.of(new float[]{0, 1, 1, 0}, 2, 2))));
        assertTrue(LoraAveragingGap.of(global, List.of(c1, c2)) > 0.1);
        assertTrue(Double.isNaN(LoraAveragingGap.of(Map.of("w", Tensor.zeros(2)), List.of(new Contribution("c", 1, TensorUpdate.dense(Map.of("w", Tensor.zeros(2))))))));
    }
}
