package org.peft4j.peft.ia3;

import org.peft4j.autograd.GradMode;
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
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class Ia3Test {
    static Tensor logits(TransformerModel m, ModelInput in) {
        try (var g = GradMode.noGrad()) {
            return m.forward(in).logits().value();
        }
    }

    @Test
    void peftDefaultsPerModelTypeStartAtOneAndLeaveTheOutputUnchanged() {
        record Case(String model, List<String> layer0, List<Boolean> feedforward) {}
        for (Case c : List.of(
                new Case("bert-seqcls", List.of("bert.encoder.layer.0.attention.self.key", "bert.encoder.layer.0.attention.self.value",
                        "bert.encoder.layer.0.attention.output.dense", "bert.encoder.layer.0.output.dense"), List.of(false, false, true, true)),
                new Case("gpt2", List.of("transformer.h.0.attn.c_attn", "transformer.h.0.mlp.c_proj"), List.of(false, true)),
                new Case("llama-gqa", List.of("model.layers.0.self_attn.k_proj", "model.layers.0.self_attn.v_proj", "model.layers.0.mlp.down_proj"),
                        List.of(false, false, true)))) {
            try (TransformerModel m = TinyModels.golden(c.model())) {
                ModelInput in = TinyModels.batch(c.model());
                Tensor base = logits(m, in);
                PeftModel pm = Peft.apply(m, Ia3Config.defaults());
                List<String> layer0 = pm.layers().keySet().stream().filter(p -> p.matches(".*\\.0\\..*")).toList();
                assertEquals(c.layer0(), layer0.stream().sorted((a, b) -> c.layer0().indexOf(a) - c.layer0().indexOf(b)).toList(), c.model());
                for (int i = 0; i < layer0.size(); i++) {
                    Ia3Linear l = (Ia3Linear) pm.layers().get(c.layer0().get(i));
                    assertEquals(c.feedforward().get(i), l.isFeedforward(), l.path());
                    int[] shape = l.vector().shape();
                    assertArrayEquals(l.isFeedforward() ? new int[]{1, l.inFeatures()} : new int[]{l.outFeatures(), 1}, shape, l.path());
                    for (float v : l.vector().value().toFloatArray()) assertEquals(1f, v);
                }
                Golden.assertClose(c.model() + ": ones are the identity", logits(m, in), base, 1e-6);
            }
        }
    }

    @Test
    void mergeMatchesTheUnmergedForwardOnConv1DAndLinear() {
        for (String name : List.of("gpt2", "bert-seqcls")) {
            try (TransformerModel m = TinyModels.random(name, DType.F32, 11)) {
                PeftModel pm = Peft.apply(m, new Ia3Config(null, null, List.of(), false, null));
                ModelInput in = TinyModels.batch(name);
                Tensor unmerged = logits(m, in);
                for (MergeInto mode : List.of(MergeInto.NEW_F32, MergeInto.IN_PLACE)) {
                    pm.merge(mode);
                    Golden.assertClose(name + " merged " + mode, logits(m, in), unmerged, 1e-5);
                    pm.unmerge();
                    Golden.assertClose(name + " unmerged " + mode, logits(m, in), unmerged, 1e-5);
                }
            }
        }
    }

    @Test
    void feedforwardModulesMustBeTargets() {
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            assertThrows(PeftConfigException.class, () -> Peft.apply(m,
                    Ia3Config.defaults().withTargets(TargetModules.names("k_proj"), List.of("down_proj"))));
        }
    }
}
