package org.peft4j.kernels.cuda;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caching allocator's bookkeeping over a fake device memory with a capacity. */
class CachingAllocatorTest {
    /** Hands out increasing addresses until capacity bytes are live. */
    static final class FakeMemory implements RawDeviceMemory {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        long used, next = 0x1000, allocations, releases;

        FakeMemory(long capacity) { this.capacity = capacity; }

        @Override public long allocate(long bytes) {
            if (used + bytes > capacity) throw new DeviceOutOfMemoryException("fake device full: " + used + " + " + bytes + " > " + capacity);
            long p = next;
            next += bytes + 256;
            live.put(p, bytes);
            used += bytes;
            allocations++;
            return p;
        }

        @Override public void release(long ptr) {
            Long b = live.remove(ptr);
            if (b == null) throw new IllegalStateException("double release of " + ptr);
            used -= b;
            releases++;
        }
    }

    @Test
    void bucketsRoundSmallRequestsTo512AndLargeToQuarterPowersOfTwo() {
        assertEquals(512, AllocationBuckets.bucketOf(0));
        assertEquals(512, AllocationBuckets.bucketOf(1));
        assertEquals(512, AllocationBuckets.bucketOf(512));
        assertEquals(1024, AllocationBuckets.bucketOf(513));
        assertEquals(1L << 20, AllocationBuckets.bucketOf(1L << 20));
        assertEquals((1L << 20) + (1L << 18), AllocationBuckets.bucketOf((1L << 20) + 1));
        assertEquals(3L << 29, AllocationBuckets.bucketOf((3L << 29) - 5)); // 1.5 GiB
        assertEquals(1L << 31, AllocationBuckets.bucketOf((7L << 28) + 1)); // just over 1.75 GiB
        for (long b = 1; b < (1L << 26); b = b * 3 + 1) {
            long bucket = AllocationBuckets.bucketOf(b);
            assertTrue(bucket >= b && (b <= 512 || bucket <= b * 1.25 + 512), b + " -> " + bucket);
        }
        assertThrows(IllegalArgumentException.class, () -> AllocationBuckets.bucketOf(-1));
    }

    @Test
    void freedBlocksAreReusedBySameClassRequestsWithoutRawAllocations() {
        FakeMemory mem = new FakeMemory(1L << 30);
        CachingAllocator a = new CachingAllocator(mem);
        long p = a.allocate(1000), q = a.allocate(5000);
        assertNotEquals(p, q);
        assertEquals(1024, a.capacityOf(p));
        a.free(p);
        assertEquals(p, a.allocate(900)); // same 1024-byte class
        assertEquals(2, mem.allocations);
        long r = a.allocate(3000); // a different class: a new raw block
        assertEquals(3, mem.allocations);
        CachingAllocator.Stats s = a.stats();
        assertEquals(1024 + 5120 + 3072, s.allocatedBytes());
        assertEquals(0, s.cachedBytes());
        assertEquals(1, s.hits());
        a.free(q);
        a.free(r);
        assertEquals(5120 + 3072, a.stats().cachedBytes());
        assertEquals(2, a.stats().cachedBlocks());
    }

    @Test
    void aFullDeviceGetsTheCacheBackAndTheRequestIsRetriedOnce() {
        FakeMemory mem = new FakeMemory(10_000);
        CachingAllocator a = new CachingAllocator(mem);
        long p = a.allocate(4000), q = a.allocate(4000); // 4096 each
        a.free(p);
        long big = a.allocate(5000); // needs 5120: only fits after the cached 4096 returns
        assertEquals(1, mem.releases);
        assertEquals(0, a.stats().cachedBytes());
        assertTrue(mem.live.containsKey(big));
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> a.allocate(9000));
        assertTrue(e.getMessage().contains("fake device full"), e.getMessage());
        a.free(q);
        a.free(big);
        a.emptyCache();
        assertEquals(0, mem.used);
        assertEquals(0, a.stats().liveBlocks());
    }

    @Test
    void freeingAnUnknownPointerIsAnErrorThatNamesIt() {
        CachingAllocator a = new CachingAllocator(new FakeMemory(1 << 20));
        long p = a.allocate(10);
        a.free(p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.free(p));
        assertTrue(e.getMessage().contains(Long.toHexString(p)), e.getMessage());
    }
}
