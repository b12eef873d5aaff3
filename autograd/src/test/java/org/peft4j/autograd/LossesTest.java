package org.peft4j.autograd;

import org.junit.jupiter.api.Test;
import org.peft4j.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.*;

class LossesTest {
    @Test
    void crossEntropyMeanOverOnlyIgnoredRowsIsZeroNotNaN() {
        Var x = Var.leaf(TestTensors.randn(1, 3, 4));
        Var loss = Losses.crossEntropy(x, Tensor.ofLongs(new long[]{-100, -100, -100}, 3), -100, 0.1f, Reduction.MEAN);
        assertEquals(0f, loss.item());
        loss.backward();
        for (float g : x.grad().toFloatArray()) assertEquals(0f, g);
    }

    @Test
    void crossEntropyRejectsBadTargets() {
        Var x = Var.leaf(TestTensors.randn(2, 3, 4));
        IndexOutOfBoundsException range = assertThrows(IndexOutOfBoundsException.class,
                () -> Losses.crossEntropy(x, Tensor.ofLongs(new long[]{1, 4, 0}, 3)));
        assertTrue(range.getMessage().contains("target 4"), range.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(x, Tensor.ofLongs(new long[]{1, 2}, 2)));
        assertTrue(shape.getMessage().contains("[2]") && shape.getMessage().contains("[3]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(x, Tensor.of(new float[]{1, 2, 0}, 3)));
    }

    @Test
    void lossesRejectShapeMismatch() {
        Var a = Var.leaf(Tensor.zeros(2, 3));
        assertThrows(IllegalArgumentException.class, () -> Losses.mse(a, new Var(Tensor.zeros(3, 2))));
        assertThrows(IllegalArgumentException.class, () -> Losses.bceWithLogits(a, Tensor.zeros(2)));
    }

    @Test
    void bceIsStableForLargeLogits() {
        Var x = Var.leaf(Tensor.of(new float[]{100f, -100f}, 2));
        Var loss = Losses.bceWithLogits(x, Tensor.of(new float[]{0f, 1f}, 2));
        assertEquals(100f, loss.item(), 1e-4f);   // mean of (100, 100): confident and wrong, finite
        loss.backward();
        assertArrayEquals(new float[]{0.5f, -0.5f}, x.grad().toFloatArray(), 1e-6f);
    }
}
