package org.peft4j.finetune.task;

import org.peft4j.autograd.GradMode;
import org.peft4j.finetune.data.Batcher;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.TaskSpec;
import org.peft4j.finetune.data.TaskType;
import org.peft4j.finetune.train.BatchPlan;
import org.peft4j.finetune.train.Evaluator;
import org.peft4j.finetune.train.TrainStep;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.generate.GenerationConfig;
import org.peft4j.transformer.generate.GenerationResult;
import org.peft4j.transformer.generate.Generator;
import org.peft4j.transformer.models.CausalLanguageModel;
import org.peft4j.transformer.models.HeadLosses;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data-to-text generation (E2E) as causal-LM fine-tuning: each example is {@code prompt = text + " ||"} followed by
 * {@code target = " " + reference + EOS}; the loss counts only the target tokens (prompt and padding get label
 * -100, as in the LoRA paper's GPT-2 E2E setup). Generation feeds the prompt and decodes greedily until EOS.
 */
public final class CausalLm {
    /** Ends every prompt, so the model learns where the meaning representation stops and the text begins. */
    public static final String SEPARATOR = " ||";

    private final TransformerModel model;
    private final CausalLanguageModel lm;
    private final TaskSpec task;
    private final Tokenizer tokenizer;
    private final int eosId;
    private final TargetOnlyLoss loss;

    public CausalLm(TransformerModel model, TaskSpec task, Tokenizer tokenizer) {
        if (task.type() != TaskType.GENERATION)
            throw new IllegalArgumentException("task " + task.name() + " is " + task.type() + ", not a generation task; use TextClassification");
        if (!(model instanceof CausalLanguageModel c))
            throw new IllegalArgumentException("task " + task.name() + " needs a causal language model (GPT2LMHeadModel, LlamaForCausalLM), found "
                    + model.architecture());
        this.model = model;
        this.lm = c;
        this.task = task;
        this.tokenizer = tokenizer.withPadding(null).withTruncation(null);
        List<Integer> eos = c.eosTokenIds();
        if (eos.isEmpty())
            throw new IllegalArgumentException("the model's config sets no eos_token_id: a generation target needs an end-of-sequence token");
        this.eosId = eos.getFirst();
        this.loss = new TargetOnlyLoss(model);
        if (eosId < 0 || eosId >= model.vocabSize())
            throw new IllegalArgumentException("eos_token_id " + eosId + " is outside the model's vocabulary [0, " + model.vocabSize() + ")");
    }

    public TaskSpec task() { return task; }

    public int eosId() { return eosId; }

    /** The prompt ids of a source text (with the tokenizer's own special tokens, e.g. LLaMA's BOS). */
    public int[] promptIds(String text) {
        return tokenizer.encode(text + SEPARATOR, null, true).ids();
    }

    /** The target ids of a reference text, EOS appended (no other special tokens). */
    public int[] targetIds(String targetText) {
        int[] t = tokenizer.encode(" " + targetText.strip(), null, false).ids();
        int[] out = Arrays.copyOf(t, t.length + 1);
        out[t.length] = eosId;
        return out;
    }

    /**
     * Tokenises (prompt, target) pairs. An example longer than maxLength keeps its whole prompt and loses the end of
     * its target; when the prompt alone does not fit, the prompt is cut to leave one target token. Either way it is
     * counted as truncated.
     */
    public LmEncodedSet encode(List<Example> examples, int maxLength) {
        if (maxLength < 2) throw new IllegalArgumentException("max length must be >= 2 (a prompt token and a target token), got " + maxLength);
        List<LmExample> out = new ArrayList<>(examples.size());
        int truncated = 0;
        for (Example e : examples) {
            if (e.targetText() == null) throw new IllegalArgumentException(e.where() + ": example has no target text");
            int[] p = promptIds(e.text()), t = targetIds(e.targetText());
            if (p.length + t.length > maxLength) {
                truncated++;
                if (p.length >= maxLength) p = Arrays.copyOf(p, maxLength - 1);
                t = Arrays.copyOf(t, maxLength - p.length);
            }
            int[] ids = Arrays.copyOf(p, p.length + t.length);
            System.arraycopy(t, 0, ids, p.length, t.length);
            out.add(new LmExample(ids, p.length));
        }
        return new LmEncodedSet(out, truncated, maxLength);
    }

    /** Right-pads to the longest example; labels are the ids on target positions and -100 elsewhere. */
    public LmBatch collate(List<LmExample> items) {
        int b = items.size(), t = 0;
        for (LmExample e : items) t = Math.max(t, e.length());
        long[] ids = new long[b * t], mask = new long[b * t], labels = new long[b * t];
        Arrays.fill(ids, eosId);
        Arrays.fill(labels, HeadLosses.IGNORE_INDEX);
        int counted = 0;
        for (int i = 0; i < b; i++) {
            LmExample e = items.get(i);
            for (int j = 0; j < e.length(); j++) {
                ids[i * t + j] = e.ids()[j];
                mask[i * t + j] = 1;
                if (j >= e.promptLength()) {
                    labels[i * t + j] = e.ids()[j];
                    if (j > 0) counted++; // position 0 is never predicted (labels shift by one)
                }
            }
        }
        return new LmBatch(Tensor.ofLongs(ids, b, t), Tensor.ofLongs(mask, b, t), Tensor.ofLongs(labels, b, t), counted);
    }

    /** Training batches per epoch: a seeded shuffle (or length buckets), deterministic for (seed, epoch). */
    public BatchPlan<LmBatch> trainPlan(LmEncodedSet train, int batchSize, long seed, boolean lengthBucketed) {
        Batcher batcher = lengthBucketed ? Batcher.lengthBucketed(batchSize, 50) : Batcher.shuffled(batchSize);
        return epoch -> batcher.batches(train.items(), LmExample::length, seed, epoch).stream().map(this::collate).toList();
    }

    /** Evaluation batches in the data's order. */
    public List<LmBatch> evalBatches(LmEncodedSet set, int batchSize) {
        return Batcher.sequential(batchSize).batches(set.items(), LmExample::length, 0, 0).stream().map(this::collate).toList();
    }

    /** The mean cross-entropy of the target tokens, in training mode (dropout on). */
    public TrainStep<LmBatch> trainStep() {
        return batch -> {
            model.train();
            return loss.loss(batch);
        };
    }

    public Evaluator evaluator(List<LmBatch> batches) {
        return () -> evaluateLoss(batches);
    }

    /** Teacher-forced loss per target token over all batches, and its perplexity (eval mode, no tape). */
    public Map<String, Double> evaluateLoss(List<LmBatch> batches) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var g = GradMode.noGrad()) {
            double sum = 0;
            long tokens = 0;
            for (LmBatch b : batches) {
                if (b.targetTokens() == 0) continue;
                sum += (double) loss.loss(b).item() * b.targetTokens();
                tokens += b.targetTokens();
            }
            Map<String, Double> m = new LinkedHashMap<>();
            double loss = tokens == 0 ? Double.NaN : sum / tokens;
            m.put("eval_loss", loss);
            m.put("perplexity", Math.exp(loss));
            return m;
        } finally {
            if (wasTraining) model.train();
        }
    }

    /**
     * Greedy generation for each source text, in input order: prompts are batched by length (the generator
     * left-pads), at most maxNewTokens each, stopping at EOS. A prompt longer than maxPromptTokens keeps its first
     * maxPromptTokens tokens; the count of such prompts is returned with the texts.
     */
    public Generations generate(List<String> sources, int maxPromptTokens, int maxNewTokens, int batchSize) {
        int n = sources.size();
        int[][] prompts = new int[n][];
        int truncated = 0;
        for (int i = 0; i < n; i++) {
            int[] p = promptIds(sources.get(i));
            if (p.length > maxPromptTokens) { p = Arrays.copyOf(p, maxPromptTokens); truncated++; }
            prompts[i] = p;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> prompts[i].length));
        String[] texts = new String[n];
        int hitLimit = 0;
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            Generator gen = new Generator(lm);
            GenerationConfig cfg = GenerationConfig.greedy(maxNewTokens).withEos(List.of(eosId));
            for (int s = 0; s < n; s += batchSize) {
                int m = Math.min(batchSize, n - s);
                long[][] batch = new long[m][];
                for (int k = 0; k < m; k++) batch[k] = Arrays.stream(prompts[order[s + k]]).asLongStream().toArray();
                GenerationResult r = gen.generate(batch, cfg);
                for (int k = 0; k < m; k++) {
                    long[] ids = r.newTokens()[k];
                    int len = ids.length;
                    if ("eos".equals(r.finishReasons()[k])) len--;
                    else hitLimit++;
                    int[] keep = new int[len];
                    for (int j = 0; j < len; j++) keep[j] = (int) ids[j];
                    texts[order[s + k]] = tokenizer.decode(keep, true).strip();
                }
            }
        } finally {
            if (wasTraining) model.train();
        }
        return new Generations(List.of(texts), truncated, hitLimit);
    }

    /** Generated texts in input order, how many prompts were cut, and how many outputs stopped without EOS. */
    public record Generations(List<String> texts, int truncatedPrompts, int withoutEos) {}
}
