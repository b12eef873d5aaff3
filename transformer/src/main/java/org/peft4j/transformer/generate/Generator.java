package org.peft4j.transformer.generate;

import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.CausalLanguageModel;
import org.peft4j.transformer.models.DecoderPositions;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.nn.KvCache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Autoregressive generation for GPT-2 and LLaMA with a KV cache: one forward over the (left-padded) prompts, then
 * one token per step. Rows stop at an EOS id or after max_new_tokens; the batch stops when every row has.
 * Left padding follows transformers' generate(): pads are masked out and positions count only real tokens.
 */
public final class Generator {
    private final CausalLanguageModel model;

    public Generator(CausalLanguageModel model) { this.model = model; }

    public GenerationResult generate(long[][] prompts, GenerationConfig cfg) { return generate(prompts, cfg, TokenListener.NONE); }

    public GenerationResult generate(long[][] prompts, GenerationConfig cfg, TokenListener listener) {
        long start = System.nanoTime();
        int b = prompts.length;
        if (b == 0) throw new IllegalArgumentException("generate: no prompts");
        int vocab = model.vocabSize(), context = model.maxPositions();
        int maxLen = 0;
        for (int r = 0; r < b; r++) {
            if (prompts[r].length == 0) throw new IllegalArgumentException("generate: prompt " + r + " is empty (need at least one token)");
            for (int j = 0; j < prompts[r].length; j++)
                if (prompts[r][j] < 0 || prompts[r][j] >= vocab)
                    throw new IllegalArgumentException("generate: prompt " + r + " has id " + prompts[r][j] + " at position " + j
                            + ", outside the vocabulary [0, " + vocab + ")");
            maxLen = Math.max(maxLen, prompts[r].length);
        }
        if (maxLen > context)
            throw new IllegalArgumentException("generate: a prompt of " + maxLen + " tokens exceeds the model's context of " + context + " positions");
        List<Integer> eos = cfg.eosTokenIds() != null ? cfg.eosTokenIds() : model.eosTokenIds();
        long pad = eos.isEmpty() ? 0 : eos.get(0);
        boolean padded = false;
        for (long[] p : prompts) padded |= p.length != maxLen;

        int capacity = Math.min(maxLen + Math.max(cfg.maxNewTokens(), 1), context);
        long[] ids = new long[b * maxLen];
        long[] maskData = new long[b * capacity];
        long[][] seen = new long[b][capacity];
        int[] seenCount = new int[b];
        for (int r = 0; r < b; r++) {
            int off = maxLen - prompts[r].length;
            for (int j = 0; j < maxLen; j++) {
                ids[r * maxLen + j] = j < off ? pad : prompts[r][j - off];
                maskData[r * capacity + j] = j < off ? 0 : 1;
            }
            System.arraycopy(prompts[r], 0, seen[r], 0, prompts[r].length);
            seenCount[r] = prompts[r].length;
        }

        long[][] out = new long[b][];
        List<List<Long>> generated = new ArrayList<>();
        for (int r = 0; r < b; r++) generated.add(new ArrayList<>());
        String[] reason = new String[b];
        List<float[][]> scores = cfg.outputScores() ? new ArrayList<>() : null;
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        long prefill = 0;

        try (var g = GradMode.noGrad()) {
            KvCache cache = model.newCache(b, capacity);
            Tensor input = Tensor.ofLongs(ids, b, maxLen);
            int len = maxLen;
            for (int step = 0; step < cfg.maxNewTokens(); step++) {
                Tensor mask = padded ? Tensor.ofLongs(rowMajor(maskData, b, capacity, len), b, len) : null;
                ModelInput in = ModelInput.of(input, mask).withCache(cache);
                if (padded) in = in.withPositionIds(DecoderPositions.fromMask(mask, input.size(1)));
                Var logits = model.forward(in).logits();
                if (step == 0) prefill = System.nanoTime() - start;
                float[][] stepScores = scores != null ? new float[b][] : null;
                long[] next = new long[b];
                for (int r = 0; r < b; r++) {
                    if (reason[r] != null) { next[r] = pad; continue; }
                    float[] row = lastRow(logits.value(), r);
                    int token = choose(row, cfg, seen[r], seenCount[r], rng);
                    if (stepScores != null) stepScores[r] = row;
                    next[r] = token;
                    generated.get(r).add((long) token);
                    if (seenCount[r] < seen[r].length) seen[r][seenCount[r]++] = token;
                    listener.onToken(r, token, step);
                    if (eos.contains(token)) reason[r] = "eos";
                }
                if (scores != null) scores.add(stepScores);
                boolean allDone = true;
                for (String s : reason) allDone &= s != null;
                if (allDone) break;
                if (step == cfg.maxNewTokens() - 1) break;
                if (len == capacity) { // positions ran out before max_new_tokens
                    for (int r = 0; r < b; r++) if (reason[r] == null) reason[r] = "context";
                    break;
                }
                for (int r = 0; r < b; r++) maskData[r * capacity + len] = 1;
                len++;
                input = Tensor.ofLongs(next, b, 1);
            }
        }
        for (int r = 0; r < b; r++) {
            if (reason[r] == null) reason[r] = "length";
            out[r] = generated.get(r).stream().mapToLong(Long::longValue).toArray();
        }
        return new GenerationResult(prompts, out, reason, scores, prefill, System.nanoTime() - start);
    }

    /** The first len columns of each of b rows of a [b, capacity] buffer, packed. */
    private static long[] rowMajor(long[] data, int b, int capacity, int len) {
        long[] out = new long[b * len];
        for (int r = 0; r < b; r++) System.arraycopy(data, r * capacity, out, r * len, len);
        return out;
    }

    /** logits [B, T, V] → row r's logits at the last position (a fresh array). */
    private static float[] lastRow(Tensor logits, int r) {
        Tensor row = logits.select(0, r).select(0, logits.size(1) - 1);
        return row.toFloatArray();
    }

    private static int choose(float[] logits, GenerationConfig cfg, long[] seen, int seenCount, SplittableRandom rng) {
        LogitsProcessing.repetitionPenalty(logits, seen, seenCount, cfg.repetitionPenalty());
        if (cfg.greedy()) return LogitsProcessing.argmax(logits);
        LogitsProcessing.temperature(logits, cfg.temperature());
        LogitsProcessing.topK(logits, cfg.topK());
        LogitsProcessing.topP(logits, cfg.topP());
        return LogitsProcessing.sample(logits, rng);
    }
}
