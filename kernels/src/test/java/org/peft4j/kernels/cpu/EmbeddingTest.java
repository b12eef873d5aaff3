package org.peft4j.kernels.cpu;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class EmbeddingTest {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void gatherFromHeapAndSegmentsMatchesReference() {
        Random rng = new Random(17);
        int vocab = 11;
        for (int hidden : Close.SIZES) {
            float[] w = Close.gaussian(rng, vocab * hidden + 1, 1f);
            long[] ids = {3, 0, 10, 3, 7};
            float[] got = new float[ids.length * hidden], want = new float[ids.length * hidden];
            Embedding.gather(w, 1, vocab, hidden, ids, 0, ids.length, got, 0);
            EmbeddingReference.gather(w, 1, vocab, hidden, ids, 0, ids.length, want, 0);
            assertArrayEquals(want, got);
            try (Arena arena = Arena.ofConfined()) {
                for (FloatFormat f : FloatFormat.values()) {
                    MemorySegment seg = arena.allocate((long) vocab * hidden * f.byteSize());
                    for (int i = 0; i < vocab * hidden; i++) {
                        float v = w[i + 1];
                        switch (f) {
                            case F32 -> seg.setAtIndex(F32, i, v);
                            case F16 -> seg.setAtIndex(U16, i, Float.floatToFloat16(v));
                            case BF16 -> seg.setAtIndex(U16, i, (short) (Float.floatToRawIntBits(v) >>> 16));
                        }
                    }
                    Embedding.gather(seg, f, vocab, hidden, ids, 0, ids.length, got, 0);
                    EmbeddingReference.gather(seg, f, vocab, hidden, ids, 0, ids.length, want, 0);
                    assertArrayEquals(want, got, f + " hidden=" + hidden);
                    // and the widened values are the table's values to the format's precision
                    double tol = f == FloatFormat.F32 ? 0 : f == FloatFormat.F16 ? 1e-3 : 8e-3;
                    for (int j = 0; j < hidden; j++) assertEquals(w[1 + 10 * hidden + j], got[2 * hidden + j], tol * (1 + Math.abs(got[2 * hidden + j])));
                }
            }
        }
    }

    @Test
    void halfDecodingCoversSubnormalsAndSpecials() {
        for (int bits = 0; bits < 0x10000; bits += 7) {
            float want = EmbeddingReference.halfToFloat(bits), got = Float.float16ToFloat((short) bits);
            if (Float.isNaN(want)) assertTrue(Float.isNaN(got));
            else assertEquals(want, got, 0f, "half bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void scatterAddAccumulatesRepeatedIds() {
        Random rng = new Random(18);
        int vocab = 6;
        for (int hidden : Close.SIZES) {
            long[] ids = {1, 4, 1, 1, 0};
            float[] g = Close.gaussian(rng, ids.length * hidden, 1f);
            float[] got = new float[vocab * hidden], want = new float[vocab * hidden];
            Embedding.scatterAdd(g, 0, hidden, ids, 0, ids.length, got, 0, vocab);
            EmbeddingReference.scatterAdd(g, 0, hidden, ids, 0, ids.length, want, 0, vocab);
            Close.assertClose("scatter_add hidden=" + hidden, want, got, 1e-6, 1e-7);
            for (int j = 0; j < hidden; j++) assertEquals(0f, got[5 * hidden + j]);
        }
    }

    @Test
    void outOfRangeIdsAreRejectedBeforeWriting() {
        float[] w = new float[12], out = new float[9];
        java.util.Arrays.fill(out, 42f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Embedding.gather(w, 0, 4, 3, new long[]{1, 4, 0}, 0, 3, out, 0));
        assertTrue(e.getMessage().contains("id 4 at position 1"), e.getMessage());
        assertEquals(42f, out[0]);
        assertThrows(IllegalArgumentException.class, () -> Embedding.gather(w, 0, 4, 3, new long[]{-1}, 0, 1, out, 0));
        assertThrows(IllegalArgumentException.class, () -> Embedding.scatterAdd(out, 0, 3, new long[]{9}, 0, 1, w, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> Embedding.gather(w, 0, 5, 3, new long[]{1}, 0, 1, out, 0));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(10);
            assertThrows(IllegalArgumentException.class, () -> Embedding.gather(small, FloatFormat.BF16, 4, 3, new long[]{1}, 0, 1, out, 0));
        }
    }
}
