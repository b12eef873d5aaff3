package org.peft4j.peft.io;

import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Parameter;
import org.peft4j.peft.Golden;
import org.peft4j.peft.MergeInto;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every PEFT golden case: the adapter written by Python PEFT loads, reproduces the recorded logits unmerged and merged
 * (and merged in place), the merged weights, the gradients of every adapter parameter, and survives save → load.
 */
class GoldenAdapterTest {
    static final String[] CASES = {"peft-lora-bert", "peft-ia3-bert", "peft-lora-llama", "peft-ia3-llama"};

    static String baseCase(String name) { return name.endsWith("bert") ? "bert-seqcls" : "llama-gqa"; }

    static TransformerModel base(String name) { return Models.load(Golden.dir(baseCase(name)).resolve("model")); }

    @ParameterizedTest
    @ValueSource(strings = {"peft-lora-bert", "peft-ia3-bert", "peft-lora-llama", "peft-ia3-llama"})
    void logitsUnmergedAndMerged(String name) throws Exception {
        try (TransformerModel model = base(name); SafetensorsFile fwd = Golden.open(name, "forward.safetensors")) {
            PeftModel pm = Peft.load(model, Golden.dir(name).resolve("adapter"));
            int inputs = 0;
            try (var g = GradMode.noGrad()) {
                for (int i = 0; fwd.contains("input" + i + ".input_ids"); i++, inputs++) {
                    String p = "input" + i + ".";
                    ModelInput in = Golden.input(fwd, p).withHiddenStates();
                    ModelOutput out = pm.forward(in);
                    Golden.assertClose(name + " " + p + "logits", out.logits().value(), fwd.tensor(p + "logits"));
                    Golden.assertClose(name + " " + p + "last_hidden_state", out.lastHiddenState().value(), fwd.tensor(p + "last_hidden_state"));
                }
                pm.merge(MergeInto.NEW_F32);
                for (int i = 0; i < inputs; i++) {
                    String p = "input" + i + ".";
                    Golden.assertClose(name + " merged " + p + "logits", pm.forward(Golden.input(fwd, p)).logits().value(), fwd.tensor(p + "merged_logits"));
                }
                pm.unmerge();
                for (int i = 0; i < inputs; i++) {
                    String p = "input" + i + ".";
                    Golden.assertClose(name + " unmerged again " + p + "logits", pm.forward(Golden.input(fwd, p)).logits().value(), fwd.tensor(p + "logits"));
                    Golden.assertClose(name + " base " + p + "logits", withoutAdapter(pm, Golden.input(fwd, p)), fwd.tensor(p + "base_logits"));
                }
            }
            assertTrue(inputs >= 2);
        }
    }

    /** The logits with the adapter set to the identity (LoRA B = 0, IA3 vectors = 1), the trained tensors restored after. */
    private static Tensor withoutAdapter(PeftModel pm, ModelInput in) {
        Map<String, Tensor> saved = pm.adapterTensors();
        Map<String, Tensor> identity = new java.util.LinkedHashMap<>();
        for (var e : saved.entrySet()) {
            boolean ia3 = e.getKey().endsWith(".ia3_l"), loraB = e.getKey().endsWith(".lora_B.weight");
            identity.put(e.getKey(), ia3 ? Tensor.ones(e.getValue().shape()) : loraB ? Tensor.zeros(e.getValue().shape()) : e.getValue());
        }
        pm.loadAdapterTensors(identity, true);
        Tensor logits = pm.forward(in).logits().value();
        pm.loadAdapterTensors(saved, true);
        return logits;
    }

    @ParameterizedTest
    @ValueSource(strings = {"peft-lora-bert", "peft-ia3-bert", "peft-lora-llama", "peft-ia3-llama"})
    void mergedWeightsMatchPeft(String name) throws Exception {
        try (TransformerModel model = base(name); SafetensorsFile merged = Golden.open(name, "merged.safetensors")) {
            PeftModel pm = Peft.load(model, Golden.dir(name).resolve("adapter"));
            TransformerModel plain = pm.mergeAndUnload(MergeInto.NEW_F32);
            Map<String, Parameter> params = plain.namedParameters();
            for (String key : merged.names()) {
                Parameter p = params.get(key);
                assertNotNull(p, name + ": merged weight '" + key + "' has no parameter in the unloaded model");
                Golden.assertClose(name + " merged " + key, p.value(), merged.tensor(key));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"peft-lora-bert", "peft-ia3-bert", "peft-lora-llama", "peft-ia3-llama"})
    void gradientsOfAdapterParametersMatchPeft(String name) throws Exception {
        try (TransformerModel model = base(name); SafetensorsFile grad = Golden.open(name, "grad.safetensors")) {
            PeftModel pm = Peft.load(model, Golden.dir(name).resolve("adapter"));
            ModelInput in = ModelInput.of(grad.tensor("input_ids"), grad.tensor("attention_mask")).withLabels(grad.tensor("labels"));
            if (grad.contains("token_type_ids")) in = in.withTokenTypeIds(grad.tensor("token_type_ids"));
            ModelOutput out = pm.forward(in);
            Golden.assertClose(name + " loss", out.loss().value().reshape(1), grad.tensor("loss"));
            out.loss().backward();
            int compared = 0;
            for (String key : grad.names()) {
                if (!key.startsWith("grad.")) continue;
                Parameter p = pm.adapterParameters().get(key.substring(5));
                assertNotNull(p, name + ": golden gradient '" + key + "' names no adapter parameter; adapter keys " + pm.adapterParameters().keySet());
                assertNotNull(p.grad(), name + ": no gradient reached " + key);
                Golden.assertClose(name + " " + key, p.grad(), grad.tensor(key));
                compared++;
            }
            assertEquals(pm.adapterParameters().size(), compared, name + ": every adapter parameter has a golden gradient");
            for (Parameter p : pm.model().parameters())
                if (!pm.adapterParameters().containsValue(p)) assertNull(p.grad(), name + ": frozen " + p.name() + " got a gradient");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"peft-lora-bert", "peft-ia3-bert", "peft-lora-llama", "peft-ia3-llama"})
    void saveLoadRoundTripIsIdentical(String name, @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path src = Golden.dir(name).resolve("adapter");
        Map<String, Object> goldenJson = JsonFiles.read(src.resolve(AdapterFiles.CONFIG));
        try (TransformerModel model = base(name)) {
            PeftModel pm = Peft.load(model, src);
            Peft.save(pm, tmp);
            assertEquals(goldenJson, JsonFiles.read(tmp.resolve(AdapterFiles.CONFIG)), name + ": adapter_config.json differs from PEFT's");
            Map<String, Tensor> golden = AdapterFiles.readTensors(src), ours = AdapterFiles.readTensors(tmp);
            assertEquals(golden.keySet(), ours.keySet());
            for (String k : golden.keySet()) assertArrayEquals(golden.get(k).toFloatArray(), ours.get(k).toFloatArray(), k);
            try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve(AdapterFiles.WEIGHTS))) {
                assertEquals(Map.of("format", "pt"), f.metadata());
            }
        }
        try (TransformerModel model = base(name)) {
            PeftModel again = Peft.load(model, tmp);
            Map<String, Tensor> golden = AdapterFiles.readTensors(src);
            for (var e : again.adapterTensors().entrySet()) assertArrayEquals(golden.get(e.getKey()).toFloatArray(), e.getValue().toFloatArray());
        }
    }
}
