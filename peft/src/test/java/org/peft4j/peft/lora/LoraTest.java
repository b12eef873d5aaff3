package org.peft4j.peft.lora;

import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.peft.BiasMode;
import org.peft4j.peft.Golden;
import org.peft4j.peft.MergeInto;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.TinyModels;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.nn.Conv1D;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LoraTest {
    static Tensor logits(PeftModel pm, ModelInput in) {
        try (var g = GradMode.noGrad()) {
            return pm.forward(in).logits().value();
        }
    }

    @Test
    void defaultInitIsKaimingUniformAThenZeroBSoTheOutputIsTheBase() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            ModelInput in = TinyModels.batch("bert-seqcls");
            Tensor base;
            try (var g = GradMode.noGrad()) { base = m.forward(in).logits().value(); }
            PeftModel pm = Peft.apply(m, LoraConfig.of(4, 8).withSeed(7));
            assertEquals(List.of("bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.attention.self.value",
                    "bert.encoder.layer.1.attention.self.query", "bert.encoder.layer.1.attention.self.value"), List.copyOf(pm.layers().keySet()));
            LoraLinear l = Lora.layers(pm).values().iterator().next();
            float bound = (float) (1 / Math.sqrt(64));
            float[] a = l.loraA().value().toFloatArray();
            double maxAbs = 0;
            for (float v : a) { assertTrue(Math.abs(v) <= bound); maxAbs = Math.max(maxAbs, Math.abs(v)); }
            assertTrue(maxAbs > 0.8 * bound, "uniform draw should come near its bound");
            for (float v : l.loraB().value().toFloatArray()) assertEquals(0f, v);
            // B = 0: the adapted model is the base model (to float rounding: the GEMM may round the last bit differently
            // once the JIT has compiled it, so the same product computed twice is not always bit-identical)
            Golden.assertClose("B = 0: the adapted model is the base model", logits(pm, in), base, 1e-6);
            assertEquals(2f, l.scale());
        }
    }

    @Test
    void trainableParametersAreTheFactorsAndTheSequenceClassifier() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(4, 8));
            assertEquals(List.of(
                    "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight",
                    "base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.weight",
                    "base_model.model.bert.encoder.layer.0.attention.self.value.lora_A.weight",
                    "base_model.model.bert.encoder.layer.0.attention.self.value.lora_B.weight",
                    "base_model.model.bert.encoder.layer.1.attention.self.query.lora_A.weight",
                    "base_model.model.bert.encoder.layer.1.attention.self.query.lora_B.weight",
                    "base_model.model.bert.encoder.layer.1.attention.self.value.lora_A.weight",
                    "base_model.model.bert.encoder.layer.1.attention.self.value.lora_B.weight",
                    "base_model.model.classifier.weight", "base_model.model.classifier.bias"), List.copyOf(pm.adapterParameters().keySet()));
            assertEquals(4 * (4 * 64 + 64 * 4) + 3 * 64 + 3, pm.numTrainableParameters());
        }
    }

    @Test
    void trainingNeverTouchesABaseWeightAndUnloadRestoresTheHead() {
        try (TransformerModel m = TinyModels.random("bert-seqcls", DType.F32, 3)) {
            Map<Parameter, float[]> before = TinyModels.snapshot(m);
            PeftModel pm = Peft.apply(m, LoraConfig.of(4, 8).withBias(BiasMode.LORA_ONLY).withDropout(0.1)).train();
            AdamW opt = new AdamW(pm.trainableParameters(), 1e-2);
            ModelInput in = TinyModels.batch("bert-seqcls");
            for (int step = 0; step < 3; step++) {
                opt.zeroGrad();
                pm.forward(in).loss().backward();
                opt.step();
            }
            Parameter head = m.parameter("classifier.weight");
            assertFalse(java.util.Arrays.equals(before.get(head), head.value().toFloatArray()), "the head trains (on a copy)");
            for (var e : before.entrySet()) {
                Parameter p = e.getKey();
                if (p == head || p == m.parameter("classifier.bias") || pm.adapterParameters().containsValue(p)) continue;
                assertArrayEquals(e.getValue(), p.value().toFloatArray(), "base parameter " + p.name() + " changed");
            }
            TransformerModel plain = pm.unload();
            for (var e : before.entrySet()) assertArrayEquals(e.getValue(), e.getKey().value().toFloatArray(), "unload restores " + e.getKey().name());
            assertTrue(plain.trainableParameters().isEmpty());
            assertFalse(plain.module("bert.encoder.layer.0.attention.self.query") instanceof LoraLinear);
        }
    }

    @Test
    void biasModesAndModulesToSaveUsePeftKeys() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(2, 4).withBias(BiasMode.LORA_ONLY));
            assertTrue(pm.adapterParameters().containsKey("base_model.model.bert.encoder.layer.0.attention.self.query.base_layer.bias"));
            assertEquals(8, pm.adapterParameters().keySet().stream().filter(k -> k.contains("lora_")).count());
            assertEquals(4, pm.adapterParameters().keySet().stream().filter(k -> k.endsWith("base_layer.bias")).count());
        }
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(2, 4).withBias(BiasMode.ALL));
            long biases = m.namedParameters().keySet().stream().filter(k -> k.endsWith(".bias")).count();
            assertEquals(biases, pm.adapterParameters().keySet().stream().filter(k -> k.endsWith(".bias")).count());
        }
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(2, 4).withModulesToSave(List.of("lm_head")));
            assertTrue(pm.adapterParameters().containsKey("base_model.model.lm_head.weight"));
            assertEquals(List.of("lm_head"), pm.savedModules());
        }
    }

    @Test
    void targetsByRegexLayersAndDefaults() {
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(2, 4).withTargets(TargetModules.names("q_proj", "v_proj", "down_proj").layers(List.of(-1))));
            assertEquals(List.of("model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj", "model.layers.1.mlp.down_proj"),
                    List.copyOf(pm.layers().keySet()));
            assertEquals(List.of(1), ((LoraConfig) pm.config()).targetModules().layersToTransform(), "negative index resolved");
        }
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(2, 4).withTargets(TargetModules.regex(".*layers\\.0\\.mlp\\.(gate|up)_proj")));
            assertEquals(List.of("model.layers.0.mlp.gate_proj", "model.layers.0.mlp.up_proj"), List.copyOf(pm.layers().keySet()));
        }
        try (TransformerModel m = TinyModels.golden("gpt2")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(2, 4));
            assertEquals(List.of("transformer.h.0.attn.c_attn", "transformer.h.1.attn.c_attn"), List.copyOf(pm.layers().keySet()));
        }
    }

    @Test
    void gpt2Conv1DMergesTransposedAndMatchesTheUnmergedForward() {
        try (TransformerModel m = TinyModels.golden("gpt2")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(4, 16).withInit(LoraInit.RANDOM).withTargets("c_attn", "c_proj"));
            LoraLinear l = Lora.layers(pm).get("transformer.h.0.attn.c_attn");
            assertInstanceOf(Conv1D.class, l.baseLayer());
            assertEquals(64, l.inFeatures());
            assertEquals(192, l.outFeatures());
            ModelInput in = TinyModels.batch("gpt2");
            Tensor unmerged = logits(pm, in);
            for (MergeInto mode : List.of(MergeInto.NEW_F32, MergeInto.NEW_BF16)) {
                pm.merge(mode);
                Golden.assertClose("merged " + mode, logits(pm, in), unmerged, mode == MergeInto.NEW_BF16 ? 3e-2 : 1e-5);
                if (mode == MergeInto.NEW_BF16) assertEquals(DType.BF16, l.weight().value().dtype());
                pm.unmerge();
                assertEquals(DType.F32, l.weight().value().dtype(), "unmerge restores the mapped base");
                Golden.assertClose("unmerged again", logits(pm, in), unmerged, 1e-6);
            }
        }
    }

    @Test
    void inPlaceMergeNeedsAHeapF32BaseAndUnmergesBack() {
        try (TransformerModel m = TinyModels.random("llama-gqa", DType.F32, 5)) {
            float[] w0 = m.parameter("model.layers.0.self_attn.q_proj.weight").value().toFloatArray();
            PeftModel pm = Peft.apply(m, LoraConfig.of(4, 8).withInit(LoraInit.RANDOM));
            ModelInput in = TinyModels.batch("llama-gqa");
            Tensor unmerged = logits(pm, in);
            pm.merge(MergeInto.IN_PLACE);
            assertTrue(pm.isMerged());
            Golden.assertClose("in-place merged", logits(pm, in), unmerged, 1e-5);
            pm.unmerge();
            Golden.assertClose("q_proj after in-place unmerge", m.parameter("model.layers.0.self_attn.q_proj.base_layer.weight").value(), Tensor.of(w0, 64, 64), 1e-6);
        }
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(4, 8));
            PeftConfigException e = assertThrows(PeftConfigException.class, () -> pm.merge(MergeInto.IN_PLACE));
            assertTrue(e.getMessage().contains("writable heap F32"), e.getMessage());
        }
    }

    @Test
    void bf16BaseMergesIntoANewF32OrBf16TensorOnRequest() {
        try (TransformerModel m = TinyModels.random("llama-gqa", DType.BF16, 8)) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(4, 8).withInit(LoraInit.RANDOM));
            LoraLinear l = Lora.layers(pm).get("model.layers.1.self_attn.v_proj");
            Tensor bf16 = l.weight().value();
            assertEquals(DType.BF16, bf16.dtype());
            ModelInput in = TinyModels.batch("llama-gqa");
            Tensor unmerged = logits(pm, in);
            assertThrows(PeftConfigException.class, () -> pm.merge(MergeInto.IN_PLACE));
            assertFalse(pm.isMerged(), "a refused merge merges nothing");
            pm.merge(MergeInto.NEW_F32);
            assertEquals(DType.F32, l.weight().value().dtype());
            Golden.assertClose("merged into F32", logits(pm, in), unmerged, 1e-5);
            pm.unmerge();
            assertSame(bf16, l.weight().value(), "unmerge puts the BF16 original back");
            pm.merge(MergeInto.NEW_BF16);
            assertEquals(DType.BF16, l.weight().value().dtype());
            Golden.assertClose("merged into BF16 (rounded once more)", logits(pm, in), unmerged, 3e-2);
        }
    }

    @Test
    void rsLoraScaleAndDropoutOnlyInTraining() {
        assertEquals((float) (16 / Math.sqrt(4)), LoraConfig.of(4, 16).withRslora(true).scale());
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = Peft.apply(m, LoraConfig.of(4, 8).withInit(LoraInit.RANDOM).withDropout(0.5));
            ModelInput in = TinyModels.batch("bert-seqcls");
            Tensor eval1 = logits(pm, in), eval2 = logits(pm.eval(), in);
            Golden.assertClose("eval twice", eval2, eval1, 1e-6);
            Tensor train = logits(pm.train(), in);
            assertFalse(java.util.Arrays.equals(eval1.toFloatArray(), train.toFloatArray()), "dropout acts in training");
        }
    }

    @Test
    void badTargetsAndRanksNameWhatExists() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftConfigException e = assertThrows(PeftConfigException.class, () -> Peft.apply(m, LoraConfig.of(4, 8).withTargets("q_proj", "value")));
            assertTrue(e.getMessage().contains("'q_proj' matches no module"), e.getMessage());
            assertTrue(e.getMessage().contains("query"), "closest names include query: " + e.getMessage());
            assertFalse(m.module("bert.encoder.layer.0.attention.self.value") instanceof LoraLinear, "a failed apply changes nothing");
        }
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftConfigException e = assertThrows(PeftConfigException.class, () -> Peft.apply(m, LoraConfig.of(65, 8)));
            assertTrue(e.getMessage().contains("bert.encoder.layer.0.attention.self.query") && e.getMessage().contains("min(in, out) = 64"), e.getMessage());
        }
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftConfigException e = assertThrows(PeftConfigException.class, () -> Peft.apply(m, LoraConfig.of(4, 8).withTargets("attention")));
            assertTrue(e.getMessage().contains("not Linear/Conv1D") && e.getMessage().contains("BertAttention"), e.getMessage());
        }
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftConfigException e = assertThrows(PeftConfigException.class,
                    () -> Peft.apply(m, LoraConfig.of(4, 8).withTargets(TargetModules.names("query").layers(List.of(5)))));
            assertTrue(e.getMessage().contains("layer 5 does not exist"), e.getMessage());
        }
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftConfigException e = assertThrows(PeftConfigException.class, () -> Peft.apply(m, LoraConfig.of(4, 8).withModulesToSave(List.of("clasifier"))));
            assertTrue(e.getMessage().contains("'clasifier' matches no module") && e.getMessage().contains("classifier"), e.getMessage());
            assertFalse(m.module("bert.encoder.layer.0.attention.self.query") instanceof LoraLinear, "failing after wrapping rolls back");
            assertTrue(m.trainableParameters().isEmpty());
        }
        assertThrows(PeftConfigException.class, () -> TargetModules.regex(".*query").layers(List.of(0)));
        assertThrows(PeftConfigException.class, () -> LoraConfig.of(0, 8));
    }
}
