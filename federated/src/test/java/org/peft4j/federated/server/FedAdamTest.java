package org.peft4j.federated.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peft4j.federated.protocol.SparseTensor;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.tensor.Tensor;

class FedAdamTest {
    private static Contribution dense(String id, long n, float... v) {
        return new Contribution(id, n, TensorUpdate.dense(Map.of("w", Tensor.of(v, v.length))));
    }

    @Test
    void followsTheAdamRecurrenceOnTheAveragedChange() {
        double eta = 0.1, b1 = 0.9, b2 = 0.99, tau = 1e-3;
        FedAdam adam = new FedAdam(eta, b1, b2, tau);
        Map<String, Tensor> g = Map.of("w", Tensor.of(new float[]{1f, -2f}, 2));
        double[] x = {1, -2}, m = new double[2], v = new double[2];
        float[][] clientA = {{3f, -2f}, {2f, 0f}, {0f, 1f}};
        float[][] clientB = {{5f, -1f}, {1f, 1f}, {4f, 1f}};
        for (int round = 0; round < 3; round++) {
            g = adam.aggregate(round + 1, g, List.of(dense("a", 1, clientA[round]), dense("b", 3, clientB[round])));
            for (int i = 0; i < 2; i++) { // the scalar recurrence of Reddi et al., Algorithm 2
                double avg = (1.0 * clientA[round][i] + 3.0 * clientB[round][i]) / 4.0;
                double d = avg - x[i];
                m[i] = b1 * m[i] + (1 - b1) * d;
                v[i] = b2 * v[i] + (1 - b2) * d * d;
                x[i] = (float) (x[i] + eta * m[i] / (Math.sqrt(v[i]) + tau));
            }
            assertEquals(x[0], g.get("w").get(0), 1e-6);
            assertEquals(x[1], g.get("w").get(1), 1e-6);
        }
    }

    @Test
    void elementsNobodySentHaveZeroChange() {
        FedAdam adam = FedAdam.withLearningRate(0.5);
        Map<String, Tensor> g = Map.of("w", Tensor.of(new float[]{1f, 1f}, 2));
        SparseTensor onlyFirst = SparseTensor.select(Tensor.of(new float[]{2f, 9f}, 2), new boolean[]{true, false});
        Map<String, Tensor> next = adam.aggregate(1, g, List.of(new Contribution("a", 1, new TensorUpdate(Map.of(), Map.of("w", onlyFirst)))));
        assertEquals(1f, next.get("w").get(1), 0f);
        assertEquals(1 + 0.5 * 0.1 / (Math.sqrt(0.01) + 1e-3), next.get("w").get(0), 1e-6);
    }

    @Test
    void rejectsBadHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> new FedAdam(0, 0.9, 0.99, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new FedAdam(0.1, 1, 0.99, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new FedAdam(0.1, 0.9, 0.99, 0));
    }
}
