package org.peft4j.kernels.cpu;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Reusable float[] scratch space (packed GEMM panels): allocating and zeroing megabytes per call would cost as much
 * as packing. A buffer is owned by one caller between {@link #acquire} and {@link #release}; a thread-local would
 * not do, because a pool thread waiting for its own subtasks may meanwhile run another kernel call.
 */
final class ScratchBuffers {
    private static final int MAX_KEPT = 8;
    private final ConcurrentLinkedDeque<float[]> free = new ConcurrentLinkedDeque<>();

    /** A buffer of at least `size` floats, with arbitrary contents. */
    float[] acquire(int size) {
        for (Iterator<float[]> it = free.iterator(); it.hasNext(); ) {
            float[] buf = it.next();
            if (buf.length >= size && free.removeFirstOccurrence(buf)) return buf;
        }
        return new float[size];
    }

    void release(float[] buf) {
        if (free.size() < MAX_KEPT) free.push(buf);
    }
}
