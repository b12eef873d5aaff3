package org.peft4j.cli.bench;

import org.peft4j.autograd.GradMode;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.CausalLanguageModel;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelShapes;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.RandomWeights;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.nn.KvCache;

import java.util.Random;

/**
 * The decode workload of ../shared/bench/torch_peer.py on our GPT-2: GPT-2 124M's shape with random weights, a
 * random prompt of P tokens, batch 1; one run = the prompt forward and first argmax (untimed), then N KV-cached
 * greedy steps, timed.
 */
public final class DecodeWorkload {
    private final TransformerModel model;
    private final CausalLanguageModel lm;
    private final long[] prompt;
    private final int tokens;

    /** @param dtype F32 or BF16 weights (BF16 as read-only segments, as a bf16 checkpoint maps) */
    public DecodeWorkload(String arch, int promptLength, int tokens, DType dtype, long seed) {
        if (!arch.equals("gpt2-124m")) throw new IllegalArgumentException("--arch: expected gpt2-124m, found '" + arch + "'");
        if (promptLength < 1 || tokens < 1) throw new IllegalArgumentException("--prompt and --tokens must be positive, found " + promptLength + " and " + tokens);
        this.model = Models.random(ModelShapes.gpt2Small(), new RandomWeights(seed, 0.02f, dtype, false));
        this.lm = (CausalLanguageModel) model;
        if (promptLength + tokens + 1 > lm.maxPositions())
            throw new IllegalArgumentException("--prompt " + promptLength + " + --tokens " + tokens + " exceed GPT-2's " + lm.maxPositions() + " positions");
        Random rng = new Random(seed);
        this.prompt = new long[promptLength];
        for (int i = 0; i < promptLength; i++) prompt[i] = rng.nextInt(lm.vocabSize());
        this.tokens = tokens;
    }

    /** One run; returns the seconds the N decode steps took. */
    public double run() {
        try (var g = GradMode.noGrad()) {
            KvCache cache = lm.newCache(1, prompt.length + tokens + 1);
            long next = argmaxLast(lm.forward(ModelInput.of(Tensor.ofLongs(prompt, 1, prompt.length)).withCache(cache)).logits().value());
            long t0 = System.nanoTime();
            for (int i = 0; i < tokens; i++)
                next = argmaxLast(lm.forward(ModelInput.of(Tensor.ofLongs(new long[]{next}, 1, 1)).withCache(cache)).logits().value());
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    public int tokens() { return tokens; }

    private static long argmaxLast(Tensor logits) {
        Tensor row = logits.select(0, 0).select(0, logits.size(1) - 1);
        float[] v = row.toFloatArray();
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
