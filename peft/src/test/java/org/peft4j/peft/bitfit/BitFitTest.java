package org.peft4j.peft.bitfit;

import org.peft4j.autograd.Parameter;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TinyModels;
import org.peft4j.tensor.DType;
import org.peft4j.transformer.models.TransformerModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BitFitTest {
    @Test
    void onlyBiasesAndTheClassifierTrain() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            long biases = 0, biasElements = 0;
            for (var e : m.namedParameters().entrySet())
                if (e.getKey().endsWith(".bias") && !e.getKey().startsWith("classifier")) { biases++; biasElements += e.getValue().numel(); }
            PeftModel pm = Peft.apply(m, BitFitConfig.defaults());
            assertEquals(biasElements + 3 * 64 + 3, pm.numTrainableParameters());
            assertEquals(biases + 2, pm.trainableParameters().size());
            for (Parameter p : pm.trainableParameters())
                assertTrue(p.name().endsWith(".bias") || p.name().startsWith("classifier."), p.name());
        }
    }

    @Test
    void llamaHasNoBiases() {
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            PeftConfigException e = assertThrows(PeftConfigException.class, () -> Peft.apply(m, BitFitConfig.defaults()));
            assertTrue(e.getMessage().contains("no bias"), e.getMessage());
        }
    }

    @Test
    void fullFineTuningTrainsEverything() {
        try (TransformerModel m = TinyModels.random("gpt2", DType.F32, 1)) {
            PeftModel pm = Peft.apply(m, FullFineTuneConfig.defaults());
            assertEquals(m.numParameters(), pm.numTrainableParameters());
        }
    }
}
