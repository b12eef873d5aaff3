package org.peft4j.finetune.task;

import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Var;
import org.peft4j.finetune.data.Batcher;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.MetricName;
import org.peft4j.finetune.data.TaskSpec;
import org.peft4j.finetune.data.TaskType;
import org.peft4j.finetune.metrics.ClassificationMetrics;
import org.peft4j.finetune.metrics.RegressionMetrics;
import org.peft4j.finetune.train.BatchPlan;
import org.peft4j.finetune.train.Evaluator;
import org.peft4j.finetune.train.TrainStep;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.tokenizer.Encoding;
import org.peft4j.weights.tokenizer.Tokenizer;
import org.peft4j.weights.tokenizer.TruncationParams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequence classification and regression (GLUE, AG News) on an encoder with a head: tokenisation with truncation,
 * dynamic padding, the training step (the model's own head loss: cross-entropy or MSE, as Hugging Face computes
 * it) and evaluation with the task's metrics.
 */
public final class TextClassification {
    private final TransformerModel model;
    private final TaskSpec task;
    private final Tokenizer tokenizer;
    private final int padId;

    public TextClassification(TransformerModel model, TaskSpec task, Tokenizer tokenizer) {
        if (task.type() == TaskType.GENERATION)
            throw new IllegalArgumentException("task " + task.name() + " is a generation task; use the causal-LM task instead");
        this.model = model;
        this.task = task;
        // Dynamic padding per batch: the file's fixed padding (MiniLM pads to 128) would waste compute.
        this.tokenizer = tokenizer.withPadding(null);
        int pad = tokenizer.padId();
        if (pad < 0) {
            int fromVocab = tokenizer.tokenToId("[PAD]");
            pad = fromVocab >= 0 ? fromVocab : Math.max(0, tokenizer.tokenToId("<pad>"));
        }
        this.padId = pad;
    }

    public TaskSpec task() { return task; }

    /** Tokenises examples, truncating each to maxLength tokens (special tokens included). */
    public EncodedSet encode(List<Example> examples, int maxLength) {
        Tokenizer t = tokenizer.withTruncation(TruncationParams.longestFirst(maxLength));
        List<EncodedExample> out = new ArrayList<>(examples.size());
        int truncated = 0;
        for (Example e : examples) {
            Encoding enc = e.hasPair() ? t.encode(e.text(), e.textPair()) : t.encode(e.text());
            if (!enc.overflowing().isEmpty()) truncated++;
            out.add(new EncodedExample(enc.ids(), enc.typeIds(), e.label(), e.target()));
        }
        return new EncodedSet(out, truncated, maxLength);
    }

    /** Pads a list of examples to the longest one. */
    public TextBatch collate(List<EncodedExample> items) {
        int b = items.size(), t = 0;
        for (EncodedExample e : items) t = Math.max(t, e.length());
        long[] ids = new long[b * t], mask = new long[b * t], types = new long[b * t];
        java.util.Arrays.fill(ids, padId);
        for (int i = 0; i < b; i++) {
            EncodedExample e = items.get(i);
            for (int j = 0; j < e.length(); j++) {
                ids[i * t + j] = e.ids()[j];
                mask[i * t + j] = 1;
                types[i * t + j] = e.typeIds()[j];
            }
        }
        Tensor labels;
        if (task.type() == TaskType.REGRESSION) {
            float[] y = new float[b];
            for (int i = 0; i < b; i++) y[i] = items.get(i).target();
            labels = Tensor.of(y, b);
        } else {
            long[] y = new long[b];
            for (int i = 0; i < b; i++) y[i] = items.get(i).label();
            labels = Tensor.ofLongs(y, b);
        }
        return new TextBatch(Tensor.ofLongs(ids, b, t), Tensor.ofLongs(mask, b, t), Tensor.ofLongs(types, b, t), labels);
    }

    /** Training batches per epoch: a seeded shuffle (or length buckets), deterministic for (seed, epoch). */
    public BatchPlan<TextBatch> trainPlan(EncodedSet train, int batchSize, long seed, boolean lengthBucketed) {
        Batcher batcher = lengthBucketed ? Batcher.lengthBucketed(batchSize, 50) : Batcher.shuffled(batchSize);
        return epoch -> batcher.batches(train.items(), EncodedExample::length, seed, epoch).stream().map(this::collate).toList();
    }

    /**
     * Evaluation batches of examples grouped by length (a stable sort): a batch pads to its longest row, so mixing
     * long and short rows wastes most of the work, and none of the metrics depends on the order of the examples.
     */
    public List<TextBatch> evalBatches(EncodedSet set, int batchSize) {
        List<EncodedExample> byLength = new ArrayList<>(set.items());
        byLength.sort(Comparator.comparingInt(EncodedExample::length));
        return Batcher.sequential(batchSize).batches(byLength, EncodedExample::length, 0, 0).stream().map(this::collate).toList();
    }

    /** The model's head loss on a batch, in training mode (dropout on). */
    public TrainStep<TextBatch> trainStep() {
        return batch -> {
            model.train();
            ModelOutput out = model.forward(batch.inputWithLabels());
            return out.loss();
        };
    }

    /** Evaluates in eval mode without a tape: the task's metrics plus mean loss. */
    public Evaluator evaluator(List<TextBatch> batches) {
        return () -> evaluate(batches);
    }

    public Map<String, Double> evaluate(List<TextBatch> batches) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var g = GradMode.noGrad()) {
            List<Float> pred = new ArrayList<>();
            List<Float> gold = new ArrayList<>();
            double lossSum = 0;
            int n = 0;
            for (TextBatch b : batches) {
                ModelOutput out = model.forward(b.inputWithLabels());
                lossSum += out.loss().item() * b.size();
                n += b.size();
                Tensor logits = out.logits().value();
                int c = logits.size(-1);
                for (int i = 0; i < b.size(); i++) {
                    if (task.type() == TaskType.REGRESSION) {
                        pred.add(logits.get(i, 0));
                    } else {
                        int best = 0;
                        for (int k = 1; k < c; k++) if (logits.get(i, k) > logits.get(i, best)) best = k;
                        pred.add((float) best);
                    }
                    gold.add(b.labels().get(i));
                }
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (MetricName name : task.metrics()) m.put(name.key(), metric(name, pred, gold));
            m.put("eval_loss", lossSum / Math.max(1, n));
            return m;
        } finally {
            if (wasTraining) model.train();
        }
    }

    private static double metric(MetricName name, List<Float> pred, List<Float> gold) {
        int n = pred.size();
        int[] p = new int[n], g = new int[n];
        double[] pd = new double[n], gd = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.round(pred.get(i)); g[i] = Math.round(gold.get(i));
            pd[i] = pred.get(i); gd[i] = gold.get(i);
        }
        return switch (name) {
            case ACCURACY -> ClassificationMetrics.accuracy(p, g);
            case F1 -> ClassificationMetrics.binaryF1(p, g);
            case MACRO_F1 -> ClassificationMetrics.macroF1(p, g);
            case MATTHEWS -> ClassificationMetrics.matthews(p, g);
            case PEARSON -> RegressionMetrics.pearson(pd, gd);
            case SPEARMAN -> RegressionMetrics.spearman(pd, gd);
            default -> throw new IllegalArgumentException("metric " + name.key() + " is not a classification/regression metric");
        };
    }
}
