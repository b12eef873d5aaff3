package org.peft4j.federated.client;

import java.time.Duration;
import java.util.Random;

/** Exponential backoff with full jitter: attempt k waits uniform(0, min(max, initial·2^k)). */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final Random rng;
    private int attempt;

    Backoff(Duration initial, Duration max, long seed) {
        this.initial = initial;
        this.max = max;
        this.rng = new Random(seed);
    }

    long nextDelayMillis() {
        long cap = initial.toMillis() << Math.min(attempt++, 30);
        cap = Math.min(Math.max(1, cap), max.toMillis());
        return 1 + (long) (rng.nextDouble() * cap);
    }

    int attempts() { return attempt; }

    void reset() { attempt = 0; }
}
