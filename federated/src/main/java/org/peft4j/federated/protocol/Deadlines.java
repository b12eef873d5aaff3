package org.peft4j.federated.protocol;

import java.time.Duration;

/** System.nanoTime() deadlines without overflow. */
public final class Deadlines {
    private Deadlines() {}

    /** Now plus the duration, saturating at about 100 years so deadline - now never overflows. */
    public static long after(Duration d) {
        long nanos = d.compareTo(Duration.ofDays(36500)) > 0 ? Duration.ofDays(36500).toNanos() : Math.max(0, d.toNanos());
        return System.nanoTime() + nanos;
    }

    public static long remainingMillis(long deadline) {
        return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    }
}
