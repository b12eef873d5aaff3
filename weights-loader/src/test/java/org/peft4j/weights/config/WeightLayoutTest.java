package org.peft4j.weights.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peft4j.weights.TestData;
import org.peft4j.weights.safetensors.ModelWeights;

/** The parameter layout derived from config.json equals what transformers saved for each golden model. */
class WeightLayoutTest {
    @ParameterizedTest
    @CsvSource({
            "bert,           '',           ''",
            "bert-seqcls,    bert.,        classifier.bias classifier.weight",
            "roberta-seqcls, roberta.,     classifier.dense.bias classifier.dense.weight classifier.out_proj.bias classifier.out_proj.weight",
            "gpt2,           transformer., ''",
            "llama-gqa,      model.,       lm_head.weight"})
    void configPredictsEveryTensor(String model, String prefix, String heads) throws Exception {
        Path dir = TestData.golden().resolve(model).resolve("model");
        ModelConfig config = ModelConfig.load(dir);
        Map<String, int[]> expected = WeightLayout.expected(config);
        try (ModelWeights w = ModelWeights.open(dir)) {
            assertEquals(prefix, WeightLayout.prefix(config, w.names()));
            Set<String> predicted = new TreeSet<>();
            for (Map.Entry<String, int[]> e : expected.entrySet()) {
                String name = prefix + e.getKey();
                if (!w.contains(name)) {
                    assertTrue(WeightLayout.optional(config).contains(e.getKey()), "missing " + name);
                    continue;
                }
                assertArrayEquals(e.getValue(), w.info(name).shape(), name);
                predicted.add(name);
            }
            Set<String> rest = new TreeSet<>(w.names());
            rest.removeAll(predicted);
            assertEquals(heads.isEmpty() ? Set.of() : Set.of(heads.split(" ")), rest, "tensors beyond the base model");
        }
    }
}
