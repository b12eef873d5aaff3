package org.peft4j.federated.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.finetune.train.TrainStep;
import org.peft4j.tensor.Tensor;

class ProximalTermTest {
    @Test
    void addsHalfMuSquaredDistanceAndItsGradient() {
        Parameter w = new Parameter("w", Tensor.of(new float[]{1f, -2f, 3f}, 3));
        Parameter v = new Parameter("v", Tensor.of(new float[]{0.5f, 0.25f}, 2));
        Map<String, Tensor> g = Map.of("w", Tensor.of(new float[]{0f, 1f, 3f}, 3), "v", Tensor.of(new float[]{1f, 1f}, 2));
        double mu = 0.3;
        // base loss: Σw (gradient 1 on w, 0 on v)
        TrainStep<Object> base = batch -> F.add(F.sum(w), F.mulScalar(F.sum(v), 0f));
        Var loss = ProximalTerm.wrap(base, List.of(w, v), g, mu).loss(null);
        double dist = 1 + 9 + 0 + 0.25 + 0.5625;
        assertEquals(2 + mu / 2 * dist, loss.item(), 1e-5);
        assertEquals(mu / 2 * dist, ProximalTerm.value(List.of(w, v), g, mu), 1e-9);
        loss.backward();
        float[] gw = w.grad().toFloatArray(), gv = v.grad().toFloatArray();
        float[] wv = {1f, -2f, 3f}, wg = {0f, 1f, 3f};
        for (int i = 0; i < 3; i++) assertEquals(1 + mu * (wv[i] - wg[i]), gw[i], 1e-5);
        assertEquals(mu * (0.5 - 1), gv[0], 1e-6);
        assertEquals(mu * (0.25 - 1), gv[1], 1e-6);
    }
}
