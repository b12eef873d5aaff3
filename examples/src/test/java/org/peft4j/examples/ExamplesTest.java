package org.peft4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.tokenizer.Tokenizer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every example runs, on settings small enough for a loaded 2-core machine (the defaults in the sources are what a
 * learner runs), and prints what it says it computes. MiniLM comes from ../shared when present, else the Maven jar.
 */
class ExamplesTest {
    @Test
    void tensorBasics() throws Exception {
        String out = ExampleRunner.run("TensorBasics");
        assertTrue(out.contains("after a[0,1] = 100: a^T[1,0] = 100.0"), "views share storage");
        assertTrue(out.contains("a @ a^T = [14.0, 32.0, 32.0, 77.0] shape [2, 2]"));
        assertTrue(out.contains("sumTo(a, [3]) = [5.0, 7.0, 9.0]"));
        assertTrue(out.contains("sums to 1.000000"));
    }

    @Test
    void autogradMlpLearnsXorAndItsGradientMatchesAFiniteDifference() throws Exception {
        String out = ExampleRunner.run("AutogradMlp", "--steps", "60");
        double autograd = ExampleRunner.number(out, "autograd"), numeric = ExampleRunner.number(out, "finite difference");
        assertEquals(numeric, autograd, 1e-3 * Math.max(1e-3, Math.abs(numeric)) + 2e-6, out);
        assertTrue(ExampleRunner.number(out.substring(out.lastIndexOf("step")), "accuracy") >= 0.95, out);
    }

    @Test
    void embedSentencesMatchesTheOnnxReference() throws Exception {
        String out = ExampleRunner.run("EmbedSentences");
        assertTrue(out.contains("tokens [CLS] the quick brown fox jumps over the lazy dog . [SEP]"), out);
        assertTrue(out.contains("-0.0184  1.0000  0.7067"), "cosines of the reference (0.706694, -0.018366):\n" + out);

        Path ref = Path.of(System.getProperty("peft4j.shared", "../shared"), "models", "all-MiniLM-L6-v2", "reference", "reference.safetensors");
        Assumptions.assumeTrue(Files.isRegularFile(ref), "no " + ref + ": embeddings not compared with ONNX Runtime's");
        Path dir = MiniLmFolder.locate();
        try (TransformerModel model = Models.load(dir); SafetensorsFile golden = SafetensorsFile.open(ref)) {
            Tensor e = EmbedSentences.embed(model, Tokenizer.fromFile(dir.resolve("tokenizer.json")).withPadding(null), EmbedSentences.DEFAULT);
            e.assertAllClose(golden.tensor("sentence_embedding"), 0, 1e-4);
        }
    }

    @Test
    void loraClassifierTrainsOnlyTheAdapter() throws Exception {
        String out = ExampleRunner.run("LoraClassifier", "--steps", "2", "--batch", "4", "--train", "8", "--eval", "8", "--max-length", "24");
        assertTrue(out.contains("trainable 74,498 of 22,787,714 parameters (0.33%)"), out);
        assertTrue(Double.isFinite(ExampleRunner.number(out, "step   2  loss")), out);
        double after = ExampleRunner.number(out, "after:  validation accuracy");
        assertTrue(after >= 0 && after <= 1, out);
    }

    @Test
    void federatedRoundWithThreeClients() throws Exception {
        String out = ExampleRunner.run("FederatedRound", "--clients", "3", "--rounds", "1", "--local-steps", "1", "--per-client", "4",
                "--batch", "4", "--eval", "8");
        assertTrue(out.contains("round 1: 3 clients delivered 12 samples"), out);
        for (String c : List.of("client-0", "client-1", "client-2"))
            assertTrue(out.contains(c + ": training complete after round 1"), out);
        // each client uploads one adapter: at least 3 x its safetensors size
        double adapterBytes = ExampleRunner.number(out, "one copy as safetensors is"), up = ExampleRunner.number(out, "samples;");
        assertTrue(up > 3 * adapterBytes, out);
    }

    @Test
    void federaInitKeepsTheOutputAndFindsTheTopSingularValues() throws Exception {
        String out = ExampleRunner.run("FederaInit", "--r", "4");
        assertTrue(ExampleRunner.number(out, "max |output change| =") < 1e-4, out);
        assertTrue(ExampleRunner.number(out.substring(out.indexOf("randomized q=4")), "worst relative error") < 5e-2, out);
    }

    @Test
    void fisherMaskFreezesTheMaskedEntries() throws Exception {
        String out = ExampleRunner.run("FisherMasks", "--warmup", "1", "--batches", "1");
        assertTrue(out.contains(" and 0 masked-out entries"), out);
        assertTrue(ExampleRunner.number(out, "Fisher-masked") < ExampleRunner.number(out, "payload: dense"), out);
    }
}
