package org.peft4j.finetune.task;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peft4j.autograd.GradMode;
import org.peft4j.finetune.GoldenFixtures;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.Tasks;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The causal-LM task on the golden tiny GPT-2 (vocab 512, eos 511) with the real GPT-2 tokenizer for encoding
 * (its ids only go through the model in the loss test, which builds ids below 512 itself).
 */
class CausalLmTest {
    private static TransformerModel model;
    private static Tokenizer gpt2;

    @BeforeAll
    static void load() throws Exception {
        model = Models.load(GoldenFixtures.golden("gpt2", "model"));
        gpt2 = Tokenizer.fromFile(GoldenFixtures.golden("tokenizers", "gpt2", "tokenizer.json"));
    }

    @AfterAll
    static void close() { if (model != null) model.close(); }

    private static CausalLm task() { return new CausalLm(model, Tasks.E2E, gpt2); }

    private static Example row(String mr, String ref) { return Example.generation(mr, ref, "test", 1); }

    @Test
    void encodingIsPromptThenTargetThenEos() {
        CausalLm lm = task();
        LmEncodedSet s = lm.encode(List.of(row("name[Zizzi], food[French]", "Zizzi serves French food.")), 128);
        LmExample e = s.items().getFirst();
        int[] prompt = gpt2.encode("name[Zizzi], food[French] ||").ids();
        int[] target = gpt2.encode(" Zizzi serves French food.").ids();
        assertEquals(prompt.length, e.promptLength());
        assertArrayEquals(prompt, Arrays.copyOf(e.ids(), prompt.length));
        assertArrayEquals(target, Arrays.copyOfRange(e.ids(), prompt.length, e.length() - 1));
        assertEquals(511, e.ids()[e.length() - 1], "the model's eos_token_id ends the target");
        assertEquals("name[Zizzi], food[French] || Zizzi serves French food.",
                gpt2.decode(Arrays.copyOf(e.ids(), e.length() - 1), true));
        assertEquals(0, s.truncated());
    }

    @Test
    void labelsAreMinus100OnPromptAndPaddingAndTheIdsOnTheTarget() {
        CausalLm lm = task();
        LmBatch b = lm.collate(List.of(new LmExample(new int[]{10, 11, 12, 13, 14}, 3), new LmExample(new int[]{20, 21, 22}, 1)));
        assertArrayEquals(new long[]{10, 11, 12, 13, 14, 20, 21, 22, 511, 511}, b.inputIds().toLongArray());
        assertArrayEquals(new long[]{1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, b.attentionMask().toLongArray());
        assertArrayEquals(new long[]{-100, -100, -100, 13, 14, -100, 21, 22, -100, -100}, b.labels().toLongArray());
        assertEquals(4, b.targetTokens());
    }

    @Test
    void theLossIsTheMeanCrossEntropyOfTheTargetTokensOnly() {
        CausalLm lm = task();
        List<LmExample> items = List.of(new LmExample(new int[]{5, 17, 300, 42, 9, 77, 511}, 4), new LmExample(new int[]{100, 200, 7, 511}, 2));
        LmBatch b = lm.collate(items);
        double expected;
        float got;
        model.eval();
        try (var g = GradMode.noGrad()) {
            got = model.forward(b.inputWithLabels()).loss().item();
            Tensor logits = model.forward(ModelInput.of(b.inputIds(), b.attentionMask())).logits().value();
            double sum = 0;
            int n = 0;
            for (int r = 0; r < items.size(); r++) {
                LmExample e = items.get(r);
                for (int j = Math.max(1, e.promptLength()); j < e.length(); j++) {
                    sum -= logSoftmax(logits, r, j - 1, e.ids()[j]);
                    n++;
                }
            }
            expected = sum / n;
            assertEquals(b.targetTokens(), n);
        }
        assertEquals(expected, got, 1e-5 * Math.abs(expected));
        assertEquals(expected, lm.evaluateLoss(List.of(b)).get("eval_loss"), 1e-5 * Math.abs(expected));
    }

    @Test
    void theGatheredHeadGivesTheModelsOwnLossAndGradients() throws Exception {
        try (TransformerModel m = Models.load(GoldenFixtures.golden("gpt2", "model"))) {
            m.unfreeze();
            m.eval(); // no dropout: both paths see the same function
            TargetOnlyLoss gathered = new TargetOnlyLoss(m);
            assertTrue(gathered.gathers());
            LmBatch b = new CausalLm(m, Tasks.E2E, gpt2).collate(List.of(
                    new LmExample(new int[]{5, 17, 300, 42, 9, 77, 511}, 4), new LmExample(new int[]{100, 200, 7, 511}, 2)));
            var own = m.forward(b.inputWithLabels()).loss();
            own.backward();
            java.util.Map<String, float[]> ownGrads = new java.util.LinkedHashMap<>();
            for (var p : m.trainableParameters()) { ownGrads.put(p.name(), p.grad().toFloatArray()); p.zeroGrad(); }
            var mine = gathered.loss(b);
            mine.backward();
            assertEquals(own.item(), mine.item(), 1e-6 * Math.abs(own.item()));
            for (var p : m.trainableParameters()) {
                Tensor expected = Tensor.of(ownGrads.get(p.name()), p.shape());
                assertTrue(p.grad().allClose(expected, 1e-4, 1e-6), p.name() + ": " + p.grad().compare(expected, 1e-4, 1e-6));
            }
        }
    }

    private static double logSoftmax(Tensor logits, int row, int pos, int id) {
        int v = logits.size(2);
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < v; k++) max = Math.max(max, logits.get(row, pos, k));
        double z = 0;
        for (int k = 0; k < v; k++) z += Math.exp(logits.get(row, pos, k) - max);
        return logits.get(row, pos, id) - max - Math.log(z);
    }

    @Test
    void longExamplesKeepThePromptLoseTheTargetEndAndAreCounted() {
        CausalLm lm = task();
        Example fits = row("name[A]", "B."), tooLong = row("name[Zizzi], food[French], area[riverside]", "Zizzi is a French place by the river.");
        int promptLen = gpt2.encode("name[Zizzi], food[French], area[riverside] ||").ids().length;
        LmEncodedSet s = lm.encode(List.of(fits, tooLong), promptLen + 2);
        assertEquals(1, s.truncated());
        assertEquals(promptLen + 2, s.items().get(1).length());
        assertEquals(promptLen, s.items().get(1).promptLength());
        assertTrue(s.truncationNote("train").startsWith("1 of 2 train examples truncated to " + (promptLen + 2)));

        LmEncodedSet tiny = lm.encode(List.of(tooLong), 4);
        assertEquals(4, tiny.items().getFirst().length());
        assertEquals(3, tiny.items().getFirst().promptLength(), "a prompt that does not fit leaves room for one target token");
    }

    @Test
    void encoderModelsAreRefused() throws Exception {
        Path bert = GoldenFixtures.golden("bert", "model");
        try (TransformerModel m = Models.load(bert)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CausalLm(m, Tasks.E2E, gpt2));
            assertTrue(e.getMessage().contains("causal language model"), e.getMessage());
        }
    }
}
