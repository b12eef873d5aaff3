package org.peft4j.finetune.task;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peft4j.finetune.GoldenFixtures;
import org.peft4j.finetune.data.Tasks;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Evaluation batches are grouped by length (less padding), and the metrics must not notice: the golden tiny BERT
 * classifier scores a set of mixed-length rows the same way whether the batches follow the data's order or not.
 */
class TextClassificationEvalTest {
    private static TransformerModel model;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        model = Models.load(GoldenFixtures.golden("bert-seqcls", "model"));
        tokenizer = Tokenizer.fromFile(GoldenFixtures.golden("tokenizers", "bert-minilm", "tokenizer.json"));
    }

    @AfterAll
    static void close() { if (model != null) model.close(); }

    /** Rows of 3..40 ids below the tiny model's vocabulary of 500, [CLS]=101-like first id, labels 0..1. */
    private static EncodedSet mixedLengths(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<EncodedExample> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + rng.nextInt(38);
            int[] ids = new int[len], types = new int[len];
            ids[0] = 2;
            for (int j = 1; j < len; j++) ids[j] = 5 + rng.nextInt(495);
            rows.add(new EncodedExample(ids, types, rng.nextInt(2), 0f));
        }
        return new EncodedSet(rows, 0, 64);
    }

    @Test
    void batchesAreGroupedByLengthAndMetricsDoNotChange() {
        TextClassification task = new TextClassification(model, Tasks.SST2, tokenizer);
        EncodedSet set = mixedLengths(53, 7);
        int batch = 8;

        List<TextBatch> grouped = task.evalBatches(set, batch);
        List<TextBatch> inOrder = new ArrayList<>();
        for (int i = 0; i < set.items().size(); i += batch)
            inOrder.add(task.collate(set.items().subList(i, Math.min(set.items().size(), i + batch))));

        assertEquals(inOrder.size(), grouped.size());
        long paddedGrouped = 0, paddedInOrder = 0;
        int previousWidth = 0, rows = 0;
        for (TextBatch b : grouped) {
            int width = b.inputIds().size(1);
            assertTrue(width >= previousWidth, "batch widths must not decrease: " + previousWidth + " then " + width);
            previousWidth = width;
            paddedGrouped += (long) b.size() * width;
            rows += b.size();
        }
        for (TextBatch b : inOrder) paddedInOrder += (long) b.size() * b.inputIds().size(1);
        assertEquals(set.items().size(), rows, "every example is evaluated once");
        assertTrue(paddedGrouped < paddedInOrder * 0.8, "grouping should cut the padded tokens: " + paddedGrouped + " vs " + paddedInOrder);

        Map<String, Double> a = task.evaluate(grouped), b = task.evaluate(inOrder);
        assertEquals(b.get("accuracy"), a.get("accuracy"), "accuracy");
        assertEquals(b.get("eval_loss"), a.get("eval_loss"), 1e-5 * Math.abs(b.get("eval_loss")), "eval_loss");
    }
}
