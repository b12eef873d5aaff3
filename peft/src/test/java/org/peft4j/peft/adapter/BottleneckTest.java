package org.peft4j.peft.adapter;

import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TinyModels;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.TransformerModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BottleneckTest {
    static Tensor logits(PeftModel m, ModelInput in) {
        try (var g = GradMode.noGrad()) {
            return m.forward(in).logits().value();
        }
    }

    @Test
    void houlsbyWrapsAttentionAndFfnOutputsPfeifferOnlyTheFfn() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = Peft.apply(m, BottleneckConfig.houlsby(16));
            assertEquals(List.of("bert.encoder.layer.0.attention.output.dense", "bert.encoder.layer.0.output.dense",
                    "bert.encoder.layer.1.attention.output.dense", "bert.encoder.layer.1.output.dense"), List.copyOf(pm.layers().keySet()));
            BottleneckAdapter a = (BottleneckAdapter) pm.layers().get("bert.encoder.layer.0.output.dense");
            assertEquals(4, a.bottleneck());
            // per adapter: down 64x4 + 4, up 4x64 + 64; plus the classifier 3x64 + 3
            assertEquals(4 * (64 * 4 + 4 + 4 * 64 + 64) + 3 * 64 + 3, pm.numTrainableParameters());
        }
        for (String name : List.of("gpt2", "llama-gqa")) {
            try (TransformerModel m = TinyModels.golden(name)) {
                PeftModel pm = Peft.apply(m, BottleneckConfig.pfeiffer(8).withLayers(List.of(-1)));
                assertEquals(1, pm.layers().size(), name);
                assertTrue(pm.layers().keySet().iterator().next().matches(".*\\.1\\.mlp\\.(c_proj|down_proj)"), name + " " + pm.layers().keySet());
            }
        }
    }

    @Test
    void zeroUpProjectionStartsAsTheBaseThenTrainingChangesTheOutput() {
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            ModelInput in = TinyModels.batch("llama-gqa");
            Tensor base;
            try (var g = GradMode.noGrad()) { base = m.forward(in).logits().value(); }
            PeftModel pm = Peft.apply(m, BottleneckConfig.houlsby(4).withNonLinearity("silu").withSeed(3));
            org.peft4j.peft.Golden.assertClose("zero up-projection", logits(pm, in), base, 1e-6);
            AdamW opt = new AdamW(pm.trainableParameters(), 1e-2);
            pm.train();
            pm.forward(in).loss().backward();
            BottleneckAdapter a = (BottleneckAdapter) pm.layers().values().iterator().next();
            assertNotNull(a.up().weight().grad(), "the up projection gets a gradient");
            opt.step();
            assertFalse(java.util.Arrays.equals(base.toFloatArray(), logits(pm.eval(), in).toFloatArray()));
            for (Parameter p : pm.trainableParameters()) assertTrue(p.name().contains("adapter_") , p.name());
        }
    }

    @Test
    void adaptersCannotBeMerged() {
        try (TransformerModel m = TinyModels.golden("gpt2")) {
            PeftModel pm = Peft.apply(m, BottleneckConfig.houlsby(16));
            PeftConfigException e = assertThrows(PeftConfigException.class, pm::merge);
            assertTrue(e.getMessage().contains("cannot be merged"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> BottleneckConfig.houlsby(16).withNonLinearity("softplus"));
    }
}
