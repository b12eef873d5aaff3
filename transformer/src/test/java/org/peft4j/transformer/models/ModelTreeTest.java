package org.peft4j.transformer.models;

import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.LinearLayer;
import org.peft4j.transformer.nn.Module;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The loaded models as module trees: names equal the file's keys, layers can be swapped, dropout follows the mode. */
class ModelTreeTest {
    @Test
    void parameterNamesAreTheSafetensorsKeys() {
        for (String c : new String[]{"bert", "bert-seqcls", "roberta-seqcls", "gpt2", "llama-gqa"}) {
            try (TransformerModel m = Models.load(Golden.caseDir(c).resolve("model"));
                 var f = Golden.open(c, "model/model.safetensors")) {
                assertEquals(new TreeSet<>(f.names()), new TreeSet<>(m.namedParameters().keySet()), c);
                assertTrue(m.trainableParameters().isEmpty(), c + " loads frozen");
                assertFalse(m.isTraining(), c + " loads in eval mode");
            }
        }
    }

    @Test
    void aBareCheckpointLoadsUnderAClassificationHead() {
        try (TransformerModel m = Models.load(Golden.caseDir("bert").resolve("model"), LoadOptions.head("BertForSequenceClassification", 4));
             var g = GradMode.noGrad()) {
            assertEquals(java.util.List.of("classifier.weight", "classifier.bias"), m.loadReport().newlyInitialized());
            assertEquals(4, m.forward(ModelInput.of(Tensor.ofLongs(new long[]{1, 2, 3}, 1, 3))).logits().size(1));
            assertEquals("bert.encoder.layer.0.attention.self.query.weight", m.parameter("bert.encoder.layer.0.attention.self.query.weight").name());
        }
        try (TransformerModel m = Models.load(Golden.caseDir("bert-seqcls").resolve("model"), LoadOptions.head("BertModel", 0))) {
            assertTrue(m.loadReport().unusedTensors().containsAll(java.util.List.of("classifier.weight", "classifier.bias")));
            assertTrue(m.hasModule("pooler"));
        }
    }

    /** Scales a wrapped projection's output, as an IA3 wrapper would. */
    static final class Scaled extends Module implements Layer {
        private final Layer base;
        private final float s;

        Scaled(Module base, float s) {
            super(base.path());
            this.base = adoptChild("base_layer", Layer.class, base).get();
            this.s = s;
        }

        @Override public Var forward(Var x) { return base.forward(x).mul(s); }
    }

    @Test
    void replacingAProjectionChangesTheForwardAndKeepsNames() {
        try (TransformerModel m = Models.load(Golden.caseDir("llama-gqa").resolve("model")); var g = GradMode.noGrad()) {
            Tensor ids = Tensor.ofLongs(new long[]{5, 9, 13, 2}, 1, 4);
            float[] before = m.forward(ModelInput.of(ids)).logits().value().toFloatArray();
            assertTrue(m.module("model.layers.1.mlp.down_proj") instanceof LinearLayer);
            m.replace("model.layers.1.mlp.down_proj", old -> new Scaled(old, 1f));
            // SIMD reductions may round differently before and after the JIT compiles them: compare within 1e-5
            assertArrayEquals(before, m.forward(ModelInput.of(ids)).logits().value().toFloatArray(), 1e-5f, "identity wrapper");
            m.replace("model.layers.1.mlp.down_proj", old -> new Scaled(old, 0f));
            float[] after = m.forward(ModelInput.of(ids)).logits().value().toFloatArray();
            assertTrue(maxDiff(before, after) > 1e-3, "the replaced layer runs");
            assertTrue(m.namedParameters().containsKey("model.layers.1.mlp.down_proj.base_layer.base_layer.weight"));
            assertEquals("model.layers.1.mlp.down_proj.weight", m.parameter("model.layers.1.mlp.down_proj.base_layer.base_layer.weight").name());
        }
    }

    @Test
    void dropoutActsOnlyInTrainingAndIsReproducible() {
        try (TransformerModel m = Models.load(Golden.caseDir("bert-seqcls").resolve("model")); var g = GradMode.noGrad()) {
            ModelInput in = ModelInput.of(Tensor.ofLongs(new long[]{101, 7, 8, 9, 102}, 1, 5));
            float[] eval1 = m.forward(in).logits().value().toFloatArray();
            m.train();
            Dropout.reseedAll(m, 3);
            float[] train1 = m.forward(in).logits().value().toFloatArray();
            Dropout.reseedAll(m, 3);
            float[] train2 = m.forward(in).logits().value().toFloatArray();
            assertArrayEquals(train1, train2, 1e-5f, "same seed, same dropout masks");
            assertTrue(maxDiff(eval1, train1) > 1e-3, "dropout changes the training forward");
            m.eval();
            assertArrayEquals(eval1, m.forward(in).logits().value().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void unfrozenBitFitTrainsOnlyBiases() {
        try (TransformerModel m = Models.load(Golden.caseDir("bert-seqcls").resolve("model"))) {
            m.namedParameters().forEach((n, p) -> { if (n.endsWith(".bias")) Module.makeTrainable(p); });
            Set<String> trainable = new TreeSet<>();
            m.namedParameters().forEach((n, p) -> { if (p.requiresGrad()) trainable.add(n); });
            assertTrue(trainable.stream().allMatch(n -> n.endsWith(".bias")) && !trainable.isEmpty());
            ModelOutput out = m.forward(ModelInput.of(Tensor.ofLongs(new long[]{101, 7, 8, 102}, 1, 4)).withLabels(Tensor.ofLongs(new long[]{2}, 1)));
            out.loss().backward();
            m.namedParameters().forEach((n, p) -> assertEquals(n.endsWith(".bias"), p.grad() != null, n));
        }
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }
}
