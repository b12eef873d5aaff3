package org.peft4j.tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts heap storage allocated for tensors, so tests can assert that, say, a backward pass through a frozen
 * BF16 weight never materialises an fp32 copy of it. Counting is global and cheap (one atomic add per allocation);
 * {@link #largestSince} lets a test look for one suspiciously large allocation.
 */
public final class AllocationTracker {
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicLong LARGEST = new AtomicLong();

    private AllocationTracker() {}

    static void record(long bytes) {
        BYTES.addAndGet(bytes);
        COUNT.incrementAndGet();
        LARGEST.accumulateAndGet(bytes, Math::max);
    }

    public static long totalBytes() { return BYTES.get(); }
    public static long totalCount() { return COUNT.get(); }

    /** Resets the running maximum and returns the previous one. */
    public static long resetLargest() { return LARGEST.getAndSet(0); }

    /** The largest single allocation since the last {@link #resetLargest()}. */
    public static long largestSince() { return LARGEST.get(); }
}
