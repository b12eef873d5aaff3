package org.peft4j.transformer.models;

import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Bad models and inputs fail with messages naming the field or tensor, the expected and the found. */
class BadInputTest {
    @TempDir Path tmp;

    /** A copy of a golden model folder with the config edited and optionally one tensor dropped. */
    private Path copy(String caseName, String from, String to, String dropTensor) throws IOException {
        Path src = Golden.caseDir(caseName).resolve("model"), dst = tmp.resolve(caseName);
        Files.createDirectories(dst);
        Files.writeString(dst.resolve("config.json"), Files.readString(src.resolve("config.json")).replace(from, to));
        try (SafetensorsFile f = SafetensorsFile.open(src.resolve("model.safetensors"))) {
            Map<String, Tensor> t = new LinkedHashMap<>(f.tensors());
            if (dropTensor != null) assertNotNull(t.remove(dropTensor));
            SafetensorsWriter.write(dst.resolve("model.safetensors"), t);
        }
        return dst;
    }

    @Test
    void configShapesThatDisagreeWithTensorsNameTheTensor() throws IOException {
        Path dir = copy("bert", "\"intermediate_size\": 128", "\"intermediate_size\": 96", null);
        var e = assertThrows(ModelLoadException.class, () -> Models.load(dir));
        assertTrue(e.getMessage().contains("encoder.layer.0.intermediate.dense.weight") && e.getMessage().contains("[128, 64]")
                && e.getMessage().contains("[96, 64]"), e.getMessage());
    }

    @Test
    void missingTensorIsNamedWithItsExpectedShape() throws IOException {
        Path dir = copy("llama-gqa", "", "", "model.layers.1.self_attn.k_proj.weight");
        var e = assertThrows(ModelLoadException.class, () -> Models.load(dir));
        assertTrue(e.getMessage().contains("missing tensor 'model.layers.1.self_attn.k_proj.weight'") && e.getMessage().contains("[32, 64]"), e.getMessage());
    }

    @Test
    void unknownModelTypeNamesTheFieldAndTheSupportedOnes() throws IOException {
        Path dir = copy("gpt2", "\"model_type\": \"gpt2\"", "\"model_type\": \"t5\"", null);
        var e = assertThrows(ModelLoadException.class, () -> Models.load(dir));
        assertTrue(e.getMessage().contains("model_type") && e.getMessage().contains("t5") && e.getMessage().contains("gpt2"), e.getMessage());
    }

    @Test
    void unknownArchitectureIsRefused() throws IOException {
        Path dir = copy("gpt2", "\"GPT2LMHeadModel\"", "\"GPT2ForTokenClassification\"", null);
        var e = assertThrows(ModelLoadException.class, () -> Models.load(dir));
        assertTrue(e.getMessage().contains("architectures") && e.getMessage().contains("GPT2ForTokenClassification"), e.getMessage());
    }

    @Test
    void inputsOutsideTheModelAreRefused() {
        try (TransformerModel m = Models.load(Golden.caseDir("bert").resolve("model"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(ModelInput.of(Tensor.ofLongs(new long[]{1, 500}, 1, 2))));
            assertTrue(e.getMessage().contains("500") && e.getMessage().contains("[0, 500)"), e.getMessage());
            var e2 = assertThrows(IllegalArgumentException.class, () -> m.forward(ModelInput.of(Tensor.ofLongs(new long[65], 1, 65))));
            assertTrue(e2.getMessage().contains("65") && e2.getMessage().contains("64"), e2.getMessage());
            var e3 = assertThrows(IllegalArgumentException.class, () -> m.forward(ModelInput.of(Tensor.ofLongs(new long[]{1, 2}, 1, 2),
                    Tensor.ofLongs(new long[]{1, 1, 1}, 1, 3))));
            assertTrue(e3.getMessage().contains("attention_mask") && e3.getMessage().contains("[1, 2]") && e3.getMessage().contains("[1, 3]"), e3.getMessage());
            var e4 = assertThrows(IllegalArgumentException.class, () -> m.forward(ModelInput.of(Tensor.ofLongs(new long[]{1, 2}, 1, 2))
                    .withTokenTypeIds(Tensor.ofLongs(new long[]{0, 2}, 1, 2))));
            assertTrue(e4.getMessage().contains("token_type_ids") && e4.getMessage().contains("type_vocab_size"), e4.getMessage());
        }
    }
}
