package org.peft4j.kernels.cpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RotaryTest {
    @Test
    void matchesReferenceOnContiguousAndTransposedViews() {
        Random rng = new Random(15);
        int b = 2, h = 3, t = 5;
        for (int half : Close.SIZES) {
            int d = 2 * half;
            float[] x = Close.gaussian(rng, b * h * t * d, 1f);
            long[] pos = new long[b * t];
            for (int i = 0; i < pos.length; i++) pos[i] = rng.nextInt(4096);
            int[][] layouts = {
                    {h * t * d, t * d, d, 1},   // [B, H, T, D] contiguous
                    {t * h * d, d, h * d, 1},   // [B, T, H, D] storage seen as [B, H, T, D]
            };
            for (int[] xs : layouts)
                for (int posStride : new int[]{t, 0})
                    for (boolean inverse : new boolean[]{false, true}) {
                        float[] got = new float[x.length], want = new float[x.length];
                        Rotary.rope(b, h, t, d, x, 0, xs, pos, 0, posStride, 10000f, inverse, got, 0);
                        RotaryReference.rope(b, h, t, d, x, 0, xs, pos, 0, posStride, 10000f, inverse, want, 0);
                        Close.assertClose("rope d=" + d + " strides " + java.util.Arrays.toString(xs), want, got, 1e-5, 1e-6);
                    }
        }
    }

    @Test
    void positionsBeyondTheCachedTablesAreComputedDirectly() {
        Random rng = new Random(21);
        int d = 8;
        float[] x = Close.gaussian(rng, 3 * d, 1f);
        long[] pos = {5, RotaryTables.MAX_CACHED + 7L, 3_000_000_000L};
        float[] got = new float[x.length], want = new float[x.length];
        Rotary.rope(1, 1, 3, d, x, 0, new int[]{3 * d, 3 * d, d, 1}, pos, 0, 0, 10000f, false, got, 0);
        RotaryReference.rope(1, 1, 3, d, x, 0, new int[]{3 * d, 3 * d, d, 1}, pos, 0, 0, 10000f, false, want, 0);
        Close.assertClose("rope far positions", want, got, 1e-5, 1e-6);
    }

    @Test
    void inverseUndoesTheRotation() {
        Random rng = new Random(16);
        int b = 1, h = 2, t = 7, d = 64;
        float[] x = Close.gaussian(rng, b * h * t * d, 1f);
        long[] pos = {0, 1, 2, 100, 1000, 2047, 5};
        float[] y = new float[x.length], back = new float[x.length];
        int[] cs = {h * t * d, t * d, d, 1};
        Rotary.rope(b, h, t, d, x, 0, cs, pos, 0, 0, 500000f, false, y, 0);
        Rotary.rope(b, h, t, d, y, 0, cs, pos, 0, 0, 500000f, true, back, 0);
        Close.assertClose("rope inverse", x, back, 1e-5, 1e-5);
    }

    @Test
    void rotatesPairsByPositionTimesFrequency() {
        // d = 4: pairs (x0, x2) at frequency 1 and (x1, x3) at frequency theta^(-1/2) = 0.01 for theta = 10000
        float[] x = {1, 1, 0, 0};
        float[] out = new float[4];
        Rotary.rope(1, 1, 1, 4, x, 0, new int[]{4, 4, 4, 1}, new long[]{3}, 0, 0, 10000f, false, out, 0);
        assertArrayEquals(new float[]{(float) Math.cos(3), (float) Math.cos(0.03), (float) Math.sin(3), (float) Math.sin(0.03)}, out, 1e-6f);
        // position 0 is the identity
        Rotary.rope(1, 1, 1, 4, new float[]{1, 2, 3, 4}, 0, new int[]{4, 4, 4, 1}, new long[]{0}, 0, 0, 10000f, false, out, 0);
        assertArrayEquals(new float[]{1, 2, 3, 4}, out);
    }

    @Test
    void badArguments() {
        float[] x = new float[24];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rotary.rope(1, 2, 4, 3, x, 0, new int[]{24, 12, 3, 1}, new long[4], 0, 0, 1e4f, false, new float[24], 0));
        assertTrue(e.getMessage().contains("even"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Rotary.rope(2, 1, 4, 4, x, 0, new int[]{16, 16, 4, 1}, new long[4], 0, 4, 1e4f, false, new float[32], 0));
        assertThrows(IllegalArgumentException.class,
                () -> Rotary.rope(1, 1, 4, 4, x, 0, new int[]{16, 16, 4, 2}, new long[4], 0, 0, 1e4f, false, new float[16], 0));
        assertThrows(IllegalArgumentException.class,
                () -> Rotary.rope(1, 1, 4, 4, x, 0, new int[]{16, 16, 4, 1}, new long[4], 0, 0, -1f, false, new float[16], 0));
        e = assertThrows(IllegalArgumentException.class,
                () -> Rotary.rope(1, 1, 4, 4, x, 0, new int[]{16, 16, 4, 1}, new long[]{0, 1, -2, 3}, 0, 0, 1e4f, false, new float[16], 0));
        assertTrue(e.getMessage().contains("position -2"), e.getMessage());
    }
}
