package org.peft4j.autograd.optim;

import org.junit.jupiter.api.Test;
import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

class OptimizerBehaviourTest {
    private static Parameter param(String name, long seed, int... shape) {
        return new Parameter(name, Tensor.randn(new Random(seed), 1f, shape));
    }

    /** loss = Σ (p ⊙ c)² with fixed c, so every entry has a nonzero gradient. */
    private static void lossBackward(Parameter p) {
        Var c = new Var(Tensor.randn(new Random(99), 1f, p.shape()));
        Var z = F.mul(p, c);
        F.sum(F.mul(z, z)).backward();
    }

    @Test
    void maskedEntriesStayBitIdenticalUnderAdamWAndSgd() {
        List<Function<List<Parameter>, Optimizer>> makers = List.of(
                ps -> new AdamW(List.of(new ParamGroup(ps, 0.1, 0.5)), 0.9, 0.999, 1e-8, false),
                ps -> new SGD(List.of(new ParamGroup(ps, 0.1, 0.5)), 0.9, 0, true));
        for (Function<List<Parameter>, Optimizer> make : makers) {
            Parameter p = param("w", 1, 4, 5);
            float[] mask = new float[20];
            for (int i = 0; i < 20; i++) mask[i] = i % 3 == 0 ? 1 : 0;
            p.setGradMask(Tensor.of(mask, 4, 5));
            float[] before = p.value().toFloatArray();
            Optimizer opt = make.apply(List.of(p));
            for (int s = 0; s < 5; s++) {
                opt.zeroGrad();
                lossBackward(p);
                opt.step();
            }
            float[] after = p.value().toFloatArray();
            for (int i = 0; i < 20; i++) {
                if (mask[i] == 0) assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(after[i]), "masked entry " + i + " changed");
                else assertNotEquals(before[i], after[i], "trainable entry " + i + " did not move");
            }
            for (Tensor t : opt.stateDict().values()) {
                if (!t.dtype().isFloating()) continue;
                float[] st = t.toFloatArray();
                for (int i = 0; i < 20; i++) if (mask[i] == 0) assertEquals(0f, st[i], "state of masked entry " + i);
            }
        }
    }

    @Test
    void stateSaveLoadResumesExactly() {
        Parameter a = param("a", 2, 3, 2), b = param("b", 3, 3);
        Parameter a2 = new Parameter("a", a.value().copy()), b2 = new Parameter("b", b.value().copy());
        Optimizer full = new AdamW(List.of(a, b), 0.05);
        Optimizer first = new AdamW(List.of(a2, b2), 0.05);
        for (int s = 0; s < 3; s++) { full.zeroGrad(); lossBackward(a); lossBackward(b); full.step(); }
        for (int s = 0; s < 2; s++) { first.zeroGrad(); lossBackward(a2); lossBackward(b2); first.step(); }
        Map<String, Tensor> saved = first.stateDict();
        assertEquals(2L, saved.get("a.step").toLongArray()[0]);
        Optimizer resumed = new AdamW(List.of(a2, b2), 0.05);
        resumed.loadStateDict(saved);
        resumed.zeroGrad(); lossBackward(a2); lossBackward(b2); resumed.step();
        assertArrayEquals(a.value().toFloatArray(), a2.value().toFloatArray());
        assertArrayEquals(b.value().toFloatArray(), b2.value().toFloatArray());
        assertEquals(3, resumed.stepCount("a"));
    }

    @Test
    void loadStateRejectsForeignKeysAndShapes() {
        Parameter a = param("a", 2, 3, 2);
        Optimizer opt = new AdamW(List.of(a), 0.05);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> opt.loadStateDict(Map.of("zzz.exp_avg", Tensor.zeros(3, 2))));
        assertTrue(e.getMessage().contains("zzz"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> opt.loadStateDict(Map.of("a.step", Tensor.ofLongs(new long[]{1}), "a.exp_avg", Tensor.zeros(2, 3))));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> opt.loadStateDict(Map.of("a.step", Tensor.ofLongs(new long[]{1}), "a.momentum_buffer", Tensor.zeros(3, 2))));
        assertTrue(e.getMessage().contains("momentum_buffer"), e.getMessage());
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Parameter a = param("a", 2, 3), b = param("b", 3, 3);
        float[] bBefore = b.value().toFloatArray();
        Optimizer opt = new SGD(List.of(a, b), 0.1);
        lossBackward(a);
        opt.step();
        assertArrayEquals(bBefore, b.value().toFloatArray());
        assertEquals(0, opt.stepCount("b"));
    }

    @Test
    void rejectsFrozenOrDuplicateOrNonHeapParameters() {
        Parameter frozen = new Parameter("f", Tensor.zeros(2), false);
        assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(frozen), 0.1));
        Parameter a = param("a", 1, 2);
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a, a), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ParamGroup(List.of(a), -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(new ParamGroup(List.of(a), 0.1, 0)), 0, 0, true));
    }

    @Test
    void schedulesFollowHuggingFaceFormulas() {
        LrSchedule lin = LrSchedule.linearWarmupDecay(10, 110);
        assertEquals(0.0, lin.multiplier(0));
        assertEquals(0.5, lin.multiplier(5), 1e-12);
        assertEquals(1.0, lin.multiplier(10), 1e-12);
        assertEquals(0.5, lin.multiplier(60), 1e-12);
        assertEquals(0.0, lin.multiplier(110), 1e-12);
        assertEquals(0.0, lin.multiplier(500), 1e-12);
        LrSchedule cos = LrSchedule.cosineWithWarmup(10, 110);
        assertEquals(0.3, cos.multiplier(3), 1e-12);
        assertEquals(1.0, cos.multiplier(10), 1e-12);
        assertEquals(0.5, cos.multiplier(60), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.25)), cos.multiplier(35), 1e-12);
        assertEquals(0.0, cos.multiplier(110), 1e-12);
        assertEquals(1.0, LrSchedule.constant().multiplier(12345));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.linearWarmupDecay(10, 5));

        Parameter a = param("a", 1, 2), b = param("b", 2, 2);
        Optimizer opt = new AdamW(List.of(new ParamGroup(List.of(a), 1e-3, 0.01), new ParamGroup(List.of(b), 1e-2, 0)), 0.9, 0.999, 1e-8, false);
        LrScheduler sched = new LrScheduler(opt, LrSchedule.linearWarmupDecay(4, 8));
        assertEquals(0.0, sched.lastLr());
        sched.step();
        sched.step();
        assertEquals(5e-4, opt.groups().get(0).lr(), 1e-15);
        assertEquals(5e-3, opt.groups().get(1).lr(), 1e-15);
    }

    @Test
    void clipGradNormScalesToMaxNorm() {
        Parameter a = new Parameter("a", Tensor.zeros(2)), b = new Parameter("b", Tensor.zeros(1)), none = new Parameter("n", Tensor.zeros(1));
        a.setGrad(Tensor.of(new float[]{3, 0}, 2));
        b.setGrad(Tensor.of(new float[]{4}, 1));
        double norm = GradClip.clipGradNorm(List.of(a, b, none), 1.0);
        assertEquals(5.0, norm, 1e-12);
        float c = (float) (1.0 / (5.0 + 1e-6));
        assertArrayEquals(new float[]{3 * c, 0}, a.grad().toFloatArray());
        assertArrayEquals(new float[]{4 * c}, b.grad().toFloatArray());
        assertEquals(1.0, GradClip.clipGradNorm(List.of(a, b), 10.0), 1e-5); // below the limit: unchanged
        assertArrayEquals(new float[]{4 * c}, b.grad().toFloatArray());
        b.setGrad(Tensor.of(new float[]{Float.NaN}, 1));
        assertThrows(ArithmeticException.class, () -> GradClip.clipGradNorm(List.of(a, b), 1.0));
    }
}
