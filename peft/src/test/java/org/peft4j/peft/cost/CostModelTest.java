package org.peft4j.peft.cost;

import org.peft4j.autograd.Parameter;
import org.peft4j.peft.Golden;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TinyModels;
import org.peft4j.peft.adapter.BottleneckConfig;
import org.peft4j.peft.bitfit.BitFitConfig;
import org.peft4j.peft.bitfit.FullFineTuneConfig;
import org.peft4j.peft.ia3.Ia3Config;
import org.peft4j.peft.io.AdapterFiles;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.safetensors.SafetensorsWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CostModelTest {
    static ModelConfig config(String name) throws Exception { return ModelConfig.load(Golden.dir(name).resolve("model")); }

    /** HF PEFT's trainable count for a golden adapter is the number of values it saved (every saved tensor trained). */
    @ParameterizedTest
    @ValueSource(strings = {"peft-lora-bert", "peft-ia3-bert", "peft-lora-llama", "peft-ia3-llama"})
    void trainableCountsEqualHfPeftsForTheGoldenConfigs(String name) throws Exception {
        String base = name.endsWith("bert") ? "bert-seqcls" : "llama-gqa";
        PeftConfig cfg = AdapterFiles.readConfig(Golden.dir(name).resolve("adapter")).config();
        long peft = AdapterFiles.readTensors(Golden.dir(name).resolve("adapter")).values().stream().mapToLong(Tensor::numel).sum();
        try (TransformerModel m = TinyModels.golden(base)) {
            CostReport r = CostModel.of(m, config(base), cfg, new Workload(2, 7, null));
            assertEquals(peft, r.trainableParameters(), name);
            assertTrue(m.trainableParameters().isEmpty() && m.namedModules().values().stream().noneMatch(x -> x instanceof org.peft4j.peft.PeftLayer),
                    "the cost model leaves the model as it was");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora", "ia3", "houlsby", "pfeiffer", "bitfit", "full"})
    void countsAndRoundBytesMatchTheTensorsCreated(String method) throws Exception {
        PeftConfig cfg = switch (method) {
            case "lora" -> LoraConfig.of(4, 8);
            case "ia3" -> Ia3Config.defaults();
            case "houlsby" -> BottleneckConfig.houlsby(8);
            case "pfeiffer" -> BottleneckConfig.pfeiffer(8);
            case "bitfit" -> BitFitConfig.defaults();
            default -> FullFineTuneConfig.defaults();
        };
        CostReport r;
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            r = CostModel.of(m, config("bert-seqcls"), cfg, new Workload(2, 7, 0.1));
        }
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = Peft.apply(m, cfg);
            long n = pm.numTrainableParameters();
            assertEquals(n, r.trainableParameters(), method);
            assertEquals(pm.numParameters(), r.totalParameters(), method);
            assertEquals(4 * n, r.trainableBytes());
            assertEquals(8 * n, r.optimizerStateBytes());
            Map<String, Tensor> adapter = pm.adapterTensors();
            assertEquals(SafetensorsWriter.toBytes(adapter, Map.of("format", "pt")).length, r.roundUploadBytes(), method + ": exact payload size");
            long frozen = 0;
            for (Parameter p : pm.model().parameters()) if (!p.requiresGrad()) frozen += (long) p.numel() * p.value().dtype().byteSize();
            assertEquals(frozen, r.frozenWeightBytes(), method);
            long kept = 0;
            for (Tensor t : adapter.values()) kept += (long) Math.ceil(0.1 * t.numel() - 1e-9);
            assertEquals(kept, r.keptEntries());
            assertTrue(r.maskedUploadBytes() < r.roundUploadBytes());
        }
    }

    @Test
    void flopsOfTinyBertLoraByHand() throws Exception {
        int b = 2, t = 7, h = 64, inter = 128, r = 4;
        long bt = (long) b * t;
        double linearsPerLayer = 2.0 * bt * (4.0 * h * h + 2.0 * h * inter);
        double attention = 4.0 * b * t * t * h;
        double lora = 2.0 * bt * r * (h + h);                               // q and v: A [r,h], B [h,r]
        double heads = 2.0 * b * h * h + 2.0 * b * h * 3;                   // pooler, classifier on [B, h]
        double forward = 2 * (linearsPerLayer + attention + 2 * lora) + heads;
        // backward: input gradients through both layers (LoRA in layer 0) and the heads, twice the LoRA products,
        // twice attention, and the classifier's weight gradient
        double backward = 2 * (linearsPerLayer + 2 * attention + 2 * 2 * lora) + heads + 2.0 * b * h * 3;
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            CostReport c = CostModel.of(m, config("bert-seqcls"), LoraConfig.of(r, 8), new Workload(b, t, null));
            assertEquals(forward, c.forwardFlops(), 1e-6 * forward);
            assertEquals(backward, c.backwardFlops(), 1e-6 * backward);
        }
        // LoRA on the last layer only: no backward through layer 0
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            CostReport c = CostModel.of(m, config("bert-seqcls"),
                    LoraConfig.of(r, 8).withTargets(org.peft4j.peft.TargetModules.names("query", "value").layers(List.of(1))), new Workload(b, t, null));
            double back = (linearsPerLayer + 2 * attention + 2 * 2 * lora) + heads + 2.0 * b * h * 3;
            assertEquals(back, c.backwardFlops(), 1e-6 * back);
        }
    }
}
