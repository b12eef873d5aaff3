package org.peft4j.transformer.generate;

import java.util.List;

/**
 * How to pick tokens, in transformers' terms. Greedy takes the argmax; otherwise logits pass, in this order, the
 * repetition penalty, temperature, top-k and top-p (nucleus) filters, then a token is drawn from a generator
 * seeded by {@code seed} (same seed, same tokens).
 *
 * @param maxNewTokens      tokens to generate per sequence at most
 * @param greedy            argmax decoding (temperature/top-k/top-p ignored)
 * @param temperature       divides the logits (> 0)
 * @param topK              keep the k most likely tokens (0 = off)
 * @param topP              keep the smallest set whose probability reaches p (1 = off)
 * @param repetitionPenalty CTRL's penalty on tokens already in the sequence (1 = off): positive logits divided,
 *                          negative multiplied
 * @param seed              sampling seed
 * @param eosTokenIds       ids that end a sequence; null = the model's eos_token_id; empty = never stop early
 * @param outputScores      keep each step's processed logits of the last position
 */
public record GenerationConfig(int maxNewTokens, boolean greedy, float temperature, int topK, float topP,
                               float repetitionPenalty, long seed, List<Integer> eosTokenIds, boolean outputScores) {

    public GenerationConfig {
        if (maxNewTokens < 0) throw new IllegalArgumentException("max_new_tokens must be >= 0, found " + maxNewTokens);
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, found " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top_k must be >= 0, found " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top_p must be in (0, 1], found " + topP);
        if (!(repetitionPenalty > 0)) throw new IllegalArgumentException("repetition_penalty must be > 0, found " + repetitionPenalty);
    }

    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, true, 1f, 0, 1f, 1f, 0, null, false);
    }

    public static GenerationConfig sampling(int maxNewTokens, float temperature, int topK, float topP, long seed) {
        return new GenerationConfig(maxNewTokens, false, temperature, topK, topP, 1f, seed, null, false);
    }

    public GenerationConfig withRepetitionPenalty(float p) {
        return new GenerationConfig(maxNewTokens, greedy, temperature, topK, topP, p, seed, eosTokenIds, outputScores);
    }

    public GenerationConfig withEos(List<Integer> ids) {
        return new GenerationConfig(maxNewTokens, greedy, temperature, topK, topP, repetitionPenalty, seed, ids, outputScores);
    }

    public GenerationConfig withScores() {
        return new GenerationConfig(maxNewTokens, greedy, temperature, topK, topP, repetitionPenalty, seed, eosTokenIds, true);
    }
}
