package org.peft4j.kernels.cpu;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelPoolTest {
    private final int defaultThreads = KernelPool.threads();

    @AfterEach
    void restore() { KernelPool.setThreads(defaultThreads); }

    @Test
    void runsEveryTaskOnce() {
        for (int threads : new int[]{1, 2, 3}) {
            KernelPool.setThreads(threads);
            assertEquals(threads, KernelPool.threads());
            for (int tasks : new int[]{0, 1, 2, 7, 100}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(tasks);
                KernelPool.parallelFor(tasks, seen::incrementAndGet);
                for (int t = 0; t < tasks; t++) assertEquals(1, seen.get(t), "task " + t + " of " + tasks);
            }
        }
    }

    @Test
    void nestedCallsComplete() {
        KernelPool.setThreads(2);
        AtomicIntegerArray seen = new AtomicIntegerArray(16);
        KernelPool.parallelFor(4, outer -> KernelPool.parallelFor(4, inner -> seen.incrementAndGet(outer * 4 + inner)));
        for (int t = 0; t < 16; t++) assertEquals(1, seen.get(t));
    }

    @Test
    void taskExceptionsReachTheCaller() {
        KernelPool.setThreads(2);
        assertThrows(IllegalStateException.class, () -> KernelPool.parallelFor(4, t -> {
            if (t == 3) throw new IllegalStateException("task 3 failed");
        }));
    }

    @Test
    void rejectsBadCounts() {
        assertThrows(IllegalArgumentException.class, () -> KernelPool.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> KernelPool.parallelFor(-1, t -> {}));
    }
}
