package org.peft4j.peft.cost;

/**
 * The training step a cost is estimated for.
 *
 * @param batch     sequences per step
 * @param seq       tokens per sequence
 * @param keepRatio Fisher mask keep ratio ρ for the masked round size, or null for no mask
 */
public record Workload(int batch, int seq, Double keepRatio) {
    public Workload {
        if (batch < 1 || seq < 1) throw new IllegalArgumentException("cost workload: batch and seq must be >= 1, found " + batch + " and " + seq);
        if (keepRatio != null && !(keepRatio > 0 && keepRatio <= 1)) throw new IllegalArgumentException("keep ratio must be in (0, 1], found " + keepRatio);
    }
}
