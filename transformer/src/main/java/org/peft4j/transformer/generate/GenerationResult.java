package org.peft4j.transformer.generate;

import java.util.List;

/**
 * What generation produced.
 *
 * @param prompts        the prompts as given (unpadded)
 * @param newTokens      per row the generated ids (ending with the EOS id when one stopped the row)
 * @param finishReasons  per row "eos", "length" (max_new_tokens) or "context" (the model's positions ran out)
 * @param scores         when asked: per step [batch][vocab] processed logits of the last position; else null
 * @param prefillNanos   time of the prompt forward pass
 * @param totalNanos     wall time of the whole generation
 */
public record GenerationResult(long[][] prompts, long[][] newTokens, String[] finishReasons, List<float[][]> scores,
                               long prefillNanos, long totalNanos) {

    /** Prompt + new tokens of one row. */
    public long[] sequence(int row) {
        long[] p = prompts[row], n = newTokens[row];
        long[] out = java.util.Arrays.copyOf(p, p.length + n.length);
        System.arraycopy(n, 0, out, p.length, n.length);
        return out;
    }

    public int generatedTokens() {
        int n = 0;
        for (long[] r : newTokens) n += r.length;
        return n;
    }

    /** Generated tokens (all rows) per second of total wall time. */
    public double tokensPerSecond() { return totalNanos == 0 ? 0 : generatedTokens() * 1e9 / totalNanos; }
}
