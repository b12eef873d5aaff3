package org.peft4j.kernels.cuda;

/**
 * The size classes of the caching allocator. Small requests (up to 1 MiB) round up to a multiple of 512 bytes,
 * as PyTorch's allocator does; larger ones round up to one of four steps per power of two (1, 1.25, 1.5, 1.75
 * times 2^k), so a freed block is reused by any request of the same class and at most 25% is wasted.
 */
public final class AllocationBuckets {
    public static final long SMALL_LIMIT = 1L << 20;
    public static final long SMALL_GRANULE = 512;

    private AllocationBuckets() {}

    public static long bucketOf(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("allocation size must be >= 0, got " + bytes);
        if (bytes == 0) return SMALL_GRANULE;
        if (bytes <= SMALL_LIMIT) return (bytes + SMALL_GRANULE - 1) / SMALL_GRANULE * SMALL_GRANULE;
        int k = 63 - Long.numberOfLeadingZeros(bytes - 1); // 2^k < bytes <= 2^(k+1)
        long quarter = 1L << (k - 2);
        long step = (bytes + quarter - 1) / quarter * quarter; // multiple of 2^k / 4 in (2^k, 2^(k+1)]
        if (step < bytes) throw new ArithmeticException("allocation of " + bytes + " bytes overflows the size classes");
        return step;
    }
}
