package org.peft4j.tensor.ops;

import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Hand-computed values for the most used ops: a quick guard that the facade wires shapes and kernels correctly. */
class OpsSmokeTest {
    @Test
    void broadcastAddAndSumTo() {
        Tensor a = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[]{10, 20, 30}, 3);
        Tensor c = Ops.add(a, b);
        assertArrayEquals(new float[]{11, 22, 33, 14, 25, 36}, c.toFloatArray());
        assertArrayEquals(new float[]{5, 7, 9}, Ops.sumTo(a, 3).toFloatArray());
        assertArrayEquals(new float[]{6, 15}, Ops.sumTo(a, 2, 1).toFloatArray());
        assertEquals(21f, Ops.sumAll(a).item());
        assertEquals(0, Ops.sumAll(a).dim());
    }

    @Test
    void reductionsAlongDims() {
        Tensor a = Tensor.of(new float[]{1, 9, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new float[]{13, 15}, Ops.sum(a, 1, false).toFloatArray());
        assertArrayEquals(new int[]{2, 1}, Ops.sum(a, 1, true).shape());
        assertArrayEquals(new float[]{2.5f, 7, 4.5f}, Ops.mean(a, 0, false).toFloatArray());
        assertArrayEquals(new float[]{9, 6}, Ops.max(a, -1, false).toFloatArray());
        Tensor am = Ops.argmax(a, 1);
        assertEquals(DType.I64, am.dtype());
        assertArrayEquals(new long[]{1, 2}, am.toLongArray());
    }

    @Test
    void softmaxCausal() {
        Tensor x = Tensor.zeros(2, 2);
        Tensor y = Ops.softmax(x, null, true);
        assertArrayEquals(new float[]{1, 0, 0.5f, 0.5f}, y.toFloatArray(), 1e-7f);
    }

    @Test
    void crossEntropyOfUniformLogits() {
        Tensor logits = Tensor.zeros(2, 4);
        Tensor targets = Tensor.ofLongs(new long[]{1, -100}, 2);
        CrossEntropyResult r = Ops.crossEntropy(logits, targets);
        assertEquals(Math.log(4), r.loss().item(), 1e-6);
        assertArrayEquals(new float[]{0.25f, -0.75f, 0.25f, 0.25f, 0, 0, 0, 0}, r.dlogits().toFloatArray(), 1e-7f);
    }
}
