package org.peft4j.transformer.nn;

import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ModuleTest {
    /** A two-level toy: root has "block" which has "proj" (a replaceable Layer) and "norm". */
    static final class Block extends Module {
        final Child<Layer> proj;
        final Child<LayerNorm> norm;

        Block(String path, Random rng) {
            super(path);
            proj = addChild("proj", Layer.class, Linear.random(join(path, "proj"), 4, 4, true, 0.5f, rng, false));
            norm = addChild("norm", LayerNorm.identity(join(path, "norm"), 4, 1e-5f, false));
        }

        Var forward(Var x) { return norm.get().forward(proj.get().forward(x)); }
    }

    static final class Root extends Module {
        final Child<Block> block;
        final Embedding emb;

        Root(Random rng) {
            super("");
            emb = addChild("emb", Embedding.random("emb", 10, 4, 1f, rng, false)).get();
            block = addChild("block", new Block("block", rng));
        }
    }

    /** Scales its base layer's output by 2, as a PEFT wrapper would wrap a Linear. */
    static final class Doubler extends Module implements Layer {
        final Child<Layer> base;

        Doubler(Module old) {
            super(old.path());
            base = adoptChild("base_layer", Layer.class, old);
        }

        @Override public Var forward(Var x) { return base.get().forward(x).mul(2f); }
    }

    @Test
    void namesAreHuggingFacePaths() {
        Root r = new Root(new Random(1));
        assertEquals(List.of("emb.weight", "block.proj.weight", "block.proj.bias", "block.norm.weight", "block.norm.bias"),
                List.copyOf(r.namedParameters().keySet()));
        for (var e : r.namedParameters().entrySet()) assertEquals(e.getKey(), e.getValue().name());
        assertEquals(List.of("", "emb", "block", "block.proj", "block.norm"), List.copyOf(r.namedModules().keySet()));
        assertSame(r.module("block.proj"), r.block.get().proj.get());
        assertEquals("block.proj.bias", r.parameter("block.proj.bias").name());
        assertEquals(List.of("proj.weight", "proj.bias", "norm.weight", "norm.bias"), List.copyOf(r.module("block").namedParameters().keySet()));
        var e = assertThrows(NoSuchElementException.class, () -> r.module("block.query"));
        assertTrue(e.getMessage().contains("'query'") && e.getMessage().contains("proj"), e.getMessage());
    }

    @Test
    void replaceSwapsTheLayerTheParentCalls() {
        Root r = new Root(new Random(2));
        Var x = Var.constant(Tensor.randn(new Random(3), 1f, 2, 4));
        Var before = r.module("block.proj") instanceof Layer l ? l.forward(x) : null;
        Module old = r.replace("block.proj", Doubler::new);
        assertTrue(old instanceof Linear);
        assertTrue(r.module("block.proj") instanceof Doubler);
        assertTrue(r.namedParameters().containsKey("block.proj.base_layer.weight"));
        assertEquals("block.proj.weight", r.parameter("block.proj.base_layer.weight").name()); // base name kept
        // the parent's handle now returns the wrapper
        Var after = r.block.get().proj.get().forward(x);
        float[] a = after.value().toFloatArray(), b = before.value().toFloatArray();
        for (int i = 0; i < a.length; i++) assertEquals(2 * b[i], a[i], 1e-5);
    }

    @Test
    void replacementMustFitTheSlotAndPath() {
        Root r = new Root(new Random(4));
        assertThrows(IllegalArgumentException.class, () -> r.replace("block.proj", LayerNorm.identity("elsewhere", 4, 1e-5f, false)));
        // the norm slot was declared as LayerNorm: a generic Layer wrapper does not fit it
        assertThrows(IllegalArgumentException.class, () -> r.replace("block.norm", new Doubler(r.module("block.norm"))));
        assertEquals(Layer.class, r.slotType("block.proj"));
    }

    @Test
    void freezeUnfreezeAndModes() {
        Root r = new Root(new Random(5));
        assertTrue(r.trainableParameters().isEmpty());
        r.module("block").unfreeze();
        assertEquals(4, r.trainableParameters().size());
        r.freeze();
        assertEquals(0, r.numTrainableParameters());
        r.train();
        assertTrue(r.module("block.norm").isTraining());
        r.eval();
        assertFalse(r.module("block.proj").isTraining());
    }

    @Test
    void unfreezeCopiesMappedWeightsToHeap() {
        java.lang.foreign.MemorySegment seg = java.lang.foreign.Arena.ofAuto().allocate(4L * 2 * 3);
        for (int i = 0; i < 6; i++) seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i, i);
        Linear lin = new Linear("lin", Tensor.ofSegment(seg, org.peft4j.tensor.DType.F32, 2, 3), null, false);
        Parameter w = lin.weight();
        assertTrue(w.value().storage().isReadOnly());
        lin.unfreeze();
        assertFalse(w.value().storage().isReadOnly());
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5}, w.value().toFloatArray());
        try (var g = GradMode.noGrad()) {
            assertEquals(2, lin.forward(Var.constant(Tensor.ones(1, 3))).size(1));
        }
    }
}
