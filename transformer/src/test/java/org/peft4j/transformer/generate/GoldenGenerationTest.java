package org.peft4j.transformer.generate;

import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.CausalLanguageModel;
import org.peft4j.transformer.models.Golden;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Greedy KV-cached generation reproduces transformers' generate(max_new_tokens=12) ids exactly, and its step logits. */
class GoldenGenerationTest {
    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama-gqa"})
    void greedyIdsMatchTransformers(String name) {
        try (TransformerModel model = Models.load(Golden.caseDir(name).resolve("model"));
             SafetensorsFile golden = Golden.open(name, "generate.safetensors")) {
            Tensor prompt = golden.tensor("prompt_ids"), sequences = golden.tensor("sequences"), scores = golden.tensor("scores");
            int b = prompt.size(0), steps = golden.tensor("new_tokens").size(1);
            long[][] prompts = new long[b][];
            for (int r = 0; r < b; r++) prompts[r] = prompt.select(0, r).toLongArray();
            GenerationResult res = new Generator((CausalLanguageModel) model).generate(prompts,
                    GenerationConfig.greedy(steps).withEos(List.of()).withScores());
            for (int r = 0; r < b; r++)
                assertArrayEquals(sequences.select(0, r).toLongArray(), res.sequence(r), name + " row " + r);
            for (int s = 0; s < steps; s++)
                for (int r = 0; r < b; r++)
                    Golden.assertClose(name + " scores step " + s + " row " + r, Tensor.of(res.scores().get(s)[r], scores.size(2)),
                            scores.select(0, s).select(0, r));
        }
    }
}
