package org.peft4j.kernels.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Device memory with size-bucketed free lists: a freed block goes to the free list of its size class
 * ({@link AllocationBuckets}) and the next request of that class takes it back without a cuMemAlloc, whose
 * cost (and implicit synchronisation) would otherwise dominate small training steps. When the device is full
 * the cached blocks are returned to the device and the request retried once. The bookkeeping is plain Java
 * over {@link RawDeviceMemory}, so it is tested without a device. Thread-safe.
 */
public final class CachingAllocator {
    /** Allocator counters: bytes handed out, bytes held in free lists, and cache hits / raw allocations. */
    public record Stats(long allocatedBytes, long cachedBytes, long liveBlocks, long cachedBlocks, long hits, long rawAllocations, long rawReleases) {}

    private final RawDeviceMemory raw;
    private final TreeMap<Long, ArrayDeque<Long>> free = new TreeMap<>();
    private final Map<Long, Long> live = new HashMap<>(); // pointer -> bucket size
    private long allocatedBytes, cachedBytes, cachedBlocks, hits, rawAllocations, rawReleases;

    public CachingAllocator(RawDeviceMemory raw) { this.raw = raw; }

    /** A block of at least {@code bytes} (its bucket's size), from the cache when one is free. */
    public synchronized long allocate(long bytes) {
        long bucket = AllocationBuckets.bucketOf(bytes);
        ArrayDeque<Long> list = free.get(bucket);
        long ptr;
        if (list != null && !list.isEmpty()) {
            ptr = list.pop();
            cachedBytes -= bucket;
            cachedBlocks--;
            hits++;
        } else {
            ptr = allocateRaw(bucket);
        }
        live.put(ptr, bucket);
        allocatedBytes += bucket;
        return ptr;
    }

    private long allocateRaw(long bucket) {
        try {
            rawAllocations++;
            return raw.allocate(bucket);
        } catch (DeviceOutOfMemoryException full) {
            long returned = cachedBytes;
            emptyCache();
            if (returned == 0) throw full;
            try {
                return raw.allocate(bucket);
            } catch (DeviceOutOfMemoryException stillFull) {
                throw new DeviceOutOfMemoryException(stillFull.getMessage() + " (after returning " + returned
                        + " cached bytes to the device; " + allocatedBytes + " bytes are in use by live tensors)");
            }
        }
    }

    /** Returns a block to its free list. Freeing a pointer this allocator did not hand out is an error. */
    public synchronized void free(long ptr) {
        Long bucket = live.remove(ptr);
        if (bucket == null)
            throw new IllegalArgumentException("free of device pointer 0x" + Long.toHexString(ptr) + " that is not a live allocation of this allocator");
        allocatedBytes -= bucket;
        free.computeIfAbsent(bucket, b -> new ArrayDeque<>()).push(ptr);
        cachedBytes += bucket;
        cachedBlocks++;
    }

    /** The bucket size of a live block (the bytes it may hold). */
    public synchronized long capacityOf(long ptr) {
        Long bucket = live.get(ptr);
        if (bucket == null) throw new IllegalArgumentException("device pointer 0x" + Long.toHexString(ptr) + " is not a live allocation");
        return bucket;
    }

    /** Releases every cached (free) block to the device; live blocks are untouched. */
    public synchronized void emptyCache() {
        for (ArrayDeque<Long> list : free.values())
            for (long ptr : list) {
                raw.release(ptr);
                rawReleases++;
            }
        free.clear();
        cachedBytes = 0;
        cachedBlocks = 0;
    }

    public synchronized Stats stats() {
        return new Stats(allocatedBytes, cachedBytes, live.size(), cachedBlocks, hits, rawAllocations, rawReleases);
    }
}
