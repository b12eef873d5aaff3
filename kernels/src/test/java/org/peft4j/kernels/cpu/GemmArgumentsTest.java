package org.peft4j.kernels.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad sizes, strides and lengths are IllegalArgumentExceptions that name the operation and sizes, never AIOOBE. */
class GemmArgumentsTest {
    private static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments)
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
    }

    private final float[] a = new float[6 * 4], b = new float[4 * 5], c = new float[6 * 5];

    @Test
    void negativeSizes() {
        rejects(() -> Gemm.sgemm(false, false, -1, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, c, 0, 5), "sgemm(NN, m=-1, n=5, k=4)", "non-negative");
        rejects(() -> Gemm.sgemm(false, false, 6, 5, -4, 1f, a, 0, 4, b, 0, 5, 0f, c, 0, 5), "k=-4");
    }

    @Test
    void leadingDimensionTooSmall() {
        rejects(() -> Gemm.sgemm(false, false, 6, 5, 4, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5), "A stored 6x4", ">= 4, got 3");
        rejects(() -> Gemm.sgemm(false, true, 6, 5, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 5), "sgemm(NT", "B stored 5x4", "got 3");
        rejects(() -> Gemm.sgemm(false, false, 6, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, c, 0, 4), "C stored 6x5");
    }

    @Test
    void arraysTooShort() {
        rejects(() -> Gemm.sgemm(false, false, 7, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, new float[35], 0, 5), "A stored 7x4", "needs 28", "has 24");
        rejects(() -> Gemm.sgemm(true, false, 6, 5, 4, 1f, a, 1, 6, b, 0, 5, 0f, c, 0, 5), "sgemm(TN", "A stored 4x6", "offset 1");
        rejects(() -> Gemm.sgemm(false, false, 6, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, c, 1, 5), "C stored 6x5", "needs 31");
        rejects(() -> Gemm.sgemm(false, false, 6, 5, 4, 1f, a, -1, 4, b, 0, 5, 0f, c, 0, 5), "negative offset");
    }

    @Test
    void segmentTooShort() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(2L * 19); // 19 BF16 elements, 20 needed
            rejects(() -> Gemm.sgemm(false, true, 6, 5, 4, 1f, a, 0, 4, seg, FloatFormat.BF16, 0, 4, 0f, c, 0, 5),
                    "B stored 5x4", "needs 20", "has 19");
        }
    }

    @Test
    void batchedOffsets() {
        rejects(() -> Gemm.sgemmBatched(-1, false, false, 2, 2, 2, 1f, a, 0, 2, 4, b, 0, 2, 4, 0f, c, 0, 2, 4), "batch count");
        rejects(() -> Gemm.sgemmBatched(2, false, false, 6, 5, 4, 1f, a, 0, 4, 24, b, 0, 5, 0, 0f, new float[60], 0, 5, 30),
                "sgemmBatched[1]", "A stored 6x4");
        rejects(() -> Gemm.sgemmBatched(2, false, false, 2, 2, 2, 1f, a, new int[]{0}, 2, b, new int[]{0, 0}, 2, 0f, c, new int[]{0, 4}, 2),
                "needs that many offsets");
    }

    @Test
    void referenceValidatesToo() {
        rejects(() -> GemmReference.sgemm(false, false, 6, 5, 4, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5), "A stored 6x4");
    }
}
