package org.peft4j.finetune.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.autograd.Parameter;
import org.peft4j.finetune.GoldenFixtures;
import org.peft4j.finetune.data.Tasks;
import org.peft4j.finetune.task.EncodedExample;
import org.peft4j.finetune.task.EncodedSet;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.finetune.task.TextClassification;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.transformer.models.LoadOptions;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.weights.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Exact resumption on a real transformer: the golden tiny BERT with a fresh 2-class head, LoRA (r 4, dropout 0.1) on
 * query/value and the model's own hidden/attention dropout (0.1) all active. A run stopped mid-epoch and resumed
 * from its checkpoint (adapter, head, AdamW moments, step, batch position) ends with the same weights, bit for bit,
 * as a run that never stopped.
 */
class ResumeOnTransformerTest {
    private static Path goldenBert() { return GoldenFixtures.golden("bert", "model"); }

    /** Only its padding id is used: the examples below are made of ids inside the tiny model's vocabulary (500). */
    private static Tokenizer padSource() throws Exception {
        return Tokenizer.fromFile(GoldenFixtures.golden("tokenizers", "bert-minilm", "tokenizer.json"));
    }

    private static EncodedSet examples() {
        SplittableRandom r = new SplittableRandom(11);
        List<EncodedExample> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = 4 + r.nextInt(9);
            int[] ids = new int[n], types = new int[n];
            ids[0] = 101 % 500;
            for (int j = 1; j < n; j++) ids[j] = 5 + r.nextInt(495);
            out.add(new EncodedExample(ids, types, i % 2, Float.NaN));
        }
        return new EncodedSet(out, 0, 16);
    }

    private record Run(TransformerModel model, PeftModel peft, TextClassification task) {}

    private static Run build() throws Exception {
        TransformerModel m = Models.load(goldenBert(), LoadOptions.head("BertForSequenceClassification", 2));
        PeftModel p = Peft.apply(m, LoraConfig.of(4, 8).withDropout(0.1).withTargets("query", "value").withSeed(5));
        return new Run(m, p, new TextClassification(m, Tasks.SST2, padSource()));
    }

    private static TrainerConfig config() {
        return TrainerConfig.defaults().withEpochs(3).withLearningRate(5e-3).withSeed(9).withLogEvery(2);
    }

    private static List<float[]> fit(Run run, TrainerConfig c, Path resume, long stopAt) {
        Trainer<TextBatch> t = new Trainer<TextBatch>(run.peft().trainableParameters(), c)
                .onReseed(s -> Dropout.reseedAll(run.model(), s));
        t.fit(run.task().trainPlan(examples(), 8, 3, true), run.task().trainStep(), null, resume, stopAt);
        List<float[]> values = new ArrayList<>();
        for (Parameter p : run.peft().trainableParameters()) values.add(p.value().toFloatArray());
        return values;
    }

    @Test
    void aRunStoppedMidEpochAndResumedMatchesTheUninterruptedRunBitForBit(@TempDir Path dir) throws Exception {
        Run straight = build(), first = build(), resumed = build(), otherSeed = build();
        try (var a = straight.model(); var b = first.model(); var c = resumed.model(); var d = otherSeed.model()) {
            List<float[]> expected = fit(straight, config(), null, Long.MAX_VALUE);
            fit(first, config().withOutDir(dir), null, 7); // 5 batches per epoch: stops inside the second epoch
            List<float[]> got = fit(resumed, config().withOutDir(dir), dir.resolve("checkpoint"), Long.MAX_VALUE);
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < expected.size(); i++)
                assertArrayEquals(expected.get(i), got.get(i), straight.peft().trainableParameters().get(i).name());

            // dropout is really in play: another dropout seed (same data order) ends elsewhere
            List<float[]> other = fit(otherSeed, config().withSeed(10), null, Long.MAX_VALUE);
            boolean differs = false;
            for (int i = 0; i < expected.size(); i++) differs |= !java.util.Arrays.equals(expected.get(i), other.get(i));
            assertTrue(differs);
        }
    }
}
