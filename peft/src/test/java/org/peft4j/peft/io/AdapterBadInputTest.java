package org.peft4j.peft.io;

import org.peft4j.peft.AdapterFormatException;
import org.peft4j.peft.Golden;
import org.peft4j.peft.Peft;
import org.peft4j.peft.TinyModels;
import org.peft4j.peft.lora.LoraLinear;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Adapters that do not fit the model, or are not adapters at all, fail with messages naming what and where. */
class AdapterBadInputTest {
    @TempDir Path tmp;

    /** A copy of a golden adapter with one config field changed and/or other tensors. */
    Path variant(String name, String field, Object value, Map<String, Tensor> tensors) throws Exception {
        Path src = Golden.dir(name).resolve("adapter"), dst = tmp.resolve(name + "-" + field);
        Map<String, Object> json = JsonFiles.read(src.resolve(AdapterFiles.CONFIG));
        if (field != null) json = AdapterConfigJson.with(json, field, value);
        AdapterFiles.save(dst, json, tensors != null ? tensors : AdapterFiles.readTensors(src));
        return dst;
    }

    static void assertUnchanged(TransformerModel m) {
        assertTrue(m.namedModules().values().stream().noneMatch(x -> x instanceof LoraLinear), "a failed load leaves no wrapper behind");
        assertTrue(m.trainableParameters().isEmpty());
    }

    @Test
    void anAdapterForAnotherArchitecture() {
        try (TransformerModel bert = TinyModels.golden("bert-seqcls")) {
            AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, Golden.dir("peft-lora-llama").resolve("adapter")));
            assertTrue(e.getMessage().contains("made for a llama model") && e.getMessage().contains("BertForSequenceClassification"), e.getMessage());
            assertUnchanged(bert);
        }
    }

    @Test
    void targetsThatTheModelLacksEvenWithoutABasePath() throws Exception {
        Path a = variant("peft-lora-llama", "base_model_name_or_path", null, null);
        try (TransformerModel bert = TinyModels.golden("bert-seqcls")) {
            AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, a));
            assertTrue(e.getMessage().contains("does not fit this BertForSequenceClassification") && e.getMessage().contains("'v_proj' matches no module"), e.getMessage());
            assertUnchanged(bert);
        }
    }

    @Test
    void tensorShapesThatDoNotFitNameTheModuleAndShapes() throws Exception {
        Path a = variant("peft-lora-bert", "r", 8, null);                     // tensors are rank 4
        try (TransformerModel bert = TinyModels.golden("bert-seqcls")) {
            AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, a));
            assertTrue(e.getMessage().contains("module 'bert.encoder.layer.0.attention.self.query.lora_A'")
                    && e.getMessage().contains("shape [4, 64]") && e.getMessage().contains("[8, 64]"), e.getMessage());
            assertUnchanged(bert);
        }
    }

    @Test
    void missingAndUnknownTensors() throws Exception {
        Map<String, Tensor> t = new LinkedHashMap<>(AdapterFiles.readTensors(Golden.dir("peft-lora-bert").resolve("adapter")));
        t.remove("base_model.model.bert.encoder.layer.1.attention.self.value.lora_B.weight");
        Path missing = variant("peft-lora-bert", null, null, t);
        try (TransformerModel bert = TinyModels.golden("bert-seqcls")) {
            AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, missing));
            assertTrue(e.getMessage().contains("missing 1 tensors") && e.getMessage().contains("layer.1.attention.self.value.lora_B.weight"), e.getMessage());
        }
        t.put("base_model.model.bert.encoder.layer.1.attention.self.value.lora_B.weight", Tensor.zeros(64, 4));
        t.put("base_model.model.bert.encoder.layer.1.attention.self.key.lora_A.weight", Tensor.zeros(4, 64));
        Path unknown = tmp.resolve("unknown");
        Files.createDirectories(unknown);
        AdapterFiles.save(unknown, JsonFiles.read(Golden.dir("peft-lora-bert").resolve("adapter").resolve(AdapterFiles.CONFIG)), t);
        try (TransformerModel bert = TinyModels.golden("bert-seqcls")) {
            AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, unknown));
            assertTrue(e.getMessage().contains("self.key.lora_A.weight") && e.getMessage().contains("name no LORA parameter"), e.getMessage());
        }
    }

    @Test
    void notAnAdapterFolderMalformedJsonUnsupportedFeatures() throws Exception {
        try (TransformerModel bert = TinyModels.golden("bert-seqcls")) {
            AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, tmp));
            assertTrue(e.getMessage().contains("no adapter_config.json"), e.getMessage());
            Files.writeString(tmp.resolve(AdapterFiles.CONFIG), "{\"peft_type\": \"LORA\", \"r\": ");
            e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, tmp));
            assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
            Path dora = variant("peft-lora-bert", "use_dora", true, null);
            e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, dora));
            assertTrue(e.getMessage().contains("DoRA"), e.getMessage());
            Path prompt = variant("peft-lora-bert", "peft_type", "PROMPT_TUNING", null);
            e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, prompt));
            assertTrue(e.getMessage().contains("expected one of LORA, IA3"), e.getMessage());
            Path pickle = tmp.resolve("pickle");
            Files.createDirectories(pickle);
            Files.copy(Golden.dir("peft-lora-bert").resolve("adapter").resolve(AdapterFiles.CONFIG), pickle.resolve(AdapterFiles.CONFIG));
            Files.write(pickle.resolve("adapter_model.bin"), new byte[]{(byte) 0x80, 2});
            e = assertThrows(AdapterFormatException.class, () -> Peft.load(bert, pickle));
            assertTrue(e.getMessage().contains("safe_serialization"), e.getMessage());
            assertUnchanged(bert);
        }
        assertThrows(AdapterFormatException.class, () -> AdapterConfigJson.fromJson(Map.of("peft_type", "LORA", "r", "four"), "x.json"));
        SafetensorsWriter.write(tmp.resolve("x.safetensors"), Map.of("a", Tensor.zeros(1)));
    }
}
