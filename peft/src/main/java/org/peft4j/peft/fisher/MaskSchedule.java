package org.peft4j.peft.fisher;

/**
 * When a federated run recomputes its Fisher mask: in round 0 and then every {@code everyRounds} rounds (rounds
 * count from 0). Between recomputations the same mask is reused, so clients keep sending the same entries.
 */
public record MaskSchedule(int everyRounds) {
    public MaskSchedule {
        if (everyRounds < 1) throw new IllegalArgumentException("mask recomputation period must be >= 1 round, got " + everyRounds);
    }

    public boolean recomputeIn(int round) {
        if (round < 0) throw new IllegalArgumentException("round must be >= 0, got " + round);
        return round % everyRounds == 0;
    }
}
