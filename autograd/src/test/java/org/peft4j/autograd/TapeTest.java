package org.peft4j.autograd;

import org.junit.jupiter.api.Test;
import org.peft4j.tensor.Tensor;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

class TapeTest {
    private static Var leaf(float... v) { return Var.leaf(Tensor.of(v, v.length)); }

    @Test
    void gradientsAccumulateThroughSharedInputsAndAcrossBackwardCalls() {
        Var x = leaf(1, 2, 3);
        Var y = F.mul(x, x).add(x).sum();        // d/dx (x² + x) = 2x + 1
        y.backward();
        assertArrayEquals(new float[]{3, 5, 7}, x.grad().toFloatArray());
        F.sum(F.mulScalar(x, 2)).backward();      // accumulates +2
        assertArrayEquals(new float[]{5, 7, 9}, x.grad().toFloatArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void noGradRecordsNothingAndRestoresMode() {
        Var x = leaf(1, 2);
        Var y;
        try (var g = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            y = F.mul(x, x);
            try (var inner = GradMode.enableGrad()) {
                assertTrue(F.mul(x, x).requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        AtomicBoolean otherThreadSaw = new AtomicBoolean();
        try (var g = GradMode.noGrad()) {
            Thread t = new Thread(() -> otherThreadSaw.set(GradMode.isEnabled()));
            t.start();
            t.join();
        }
        assertTrue(otherThreadSaw.get(), "a no-grad scope on one thread must not switch recording off on another");
    }

    @Test
    void backwardWithoutSeedNeedsScalar() {
        Var x = leaf(1, 2);
        Var y = F.mul(x, x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("one-element") && e.getMessage().contains("mul"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3)));
        assertTrue(bad.getMessage().contains("seed has shape [3]"), bad.getMessage());
        y.backward(Tensor.of(new float[]{1, 10}, 2));
        assertArrayEquals(new float[]{2, 40}, x.grad().toFloatArray());
    }

    @Test
    void tapeIsFreedAfterBackwardUnlessRetained() {
        Var x = leaf(1, 2);
        Var y = F.mul(x, x).sum();
        y.backward(Tensor.scalar(1f), true);
        y.backward(); // retained: a second pass works and accumulates
        assertArrayEquals(new float[]{4, 8}, x.grad().toFloatArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
    }

    @Test
    void detachStopsGradientAndNonLeavesKeepNoGrad() {
        Var x = leaf(1, 2);
        Var h = F.mul(x, x);
        Var d = h.detach();
        assertFalse(d.requiresGrad());
        Var h2 = F.mulScalar(x, 3).retainGrad();
        F.sum(F.add(F.mul(d, x), h2)).backward();   // d is a constant: d/dx (d·x + 3x) = d + 3
        assertArrayEquals(new float[]{4, 7}, x.grad().toFloatArray());
        assertNull(h.grad(), "non-leaf gradients are not kept");
        assertArrayEquals(new float[]{1, 1}, h2.grad().toFloatArray(), "retainGrad keeps a non-leaf's gradient");
    }

    @Test
    void broadcastingMismatchNamesOpAndShapes() {
        Var a = Var.leaf(Tensor.zeros(2, 3)), b = Var.leaf(Tensor.zeros(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> F.add(a, b));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void anomalyModeNamesTheOpProducingNaN() {
        Var x = leaf(0f, 1f);
        try (var a = GradMode.detectAnomaly()) {
            Var y = F.sqrt(x).sum();       // d sqrt(x)/dx at 0 is infinite
            AnomalyException e = assertThrows(AnomalyException.class, y::backward);
            assertEquals("sqrt", e.op());
            assertTrue(e.getMessage().contains("'sqrt'"), e.getMessage());
            assertNotNull(e.getCause(), "the cause records where the op was created");
        }
        // without anomaly mode the same graph just yields inf
        x.zeroGrad();
        F.sqrt(x).sum().backward();
        assertTrue(Float.isInfinite(x.grad().toFloatArray()[0]));
    }

    @Test
    void leafOnlyOperations() {
        Var x = leaf(1, 2);
        Var y = F.mul(x, x);
        assertThrows(IllegalStateException.class, () -> y.setRequiresGrad(false));
        assertThrows(IllegalArgumentException.class, () -> new Var(Tensor.ofLongs(new long[]{1}, 1), true));
        assertEquals("mul", y.op());
        assertEquals("leaf", x.op());
    }

    @Test
    void parameterMaskBlocksGradient() {
        Parameter p = new Parameter("w", Tensor.of(new float[]{1, 2, 3}, 3));
        assertEquals("w", p.name());
        p.setGradMask(Tensor.of(new float[]{1, 0, 1}, 3));
        F.sum(F.mul(p, p)).backward();
        assertArrayEquals(new float[]{2, 0, 6}, p.grad().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> p.setGradMask(Tensor.ones(2)));
        assertThrows(IllegalArgumentException.class, () -> p.setGradMask(Tensor.full(0.5f, 3)));
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Var x = leaf(1f);
        Var y = x;
        for (int i = 0; i < 20_000; i++) y = F.addScalar(y, 0f);
        y.sum().backward();
        assertArrayEquals(new float[]{1f}, x.grad().toFloatArray());
    }
}
