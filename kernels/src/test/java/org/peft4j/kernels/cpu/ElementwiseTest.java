package org.peft4j.kernels.cpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ElementwiseTest {
    private static final double RTOL = 1e-5, ATOL = 1e-30;

    private static float[] domain(UnaryOp op, Random rng, int n) {
        return switch (op) {
            case LOG, SQRT, RSQRT -> Close.random(rng, n, 1e-3f, 50f);
            case EXP -> Close.random(rng, n, -80f, 80f);
            default -> Close.random(rng, n, -12f, 12f);
        };
    }

    @Test
    void unaryMatchesReferenceOnContiguousRows() {
        Random rng = new Random(1);
        for (UnaryOp op : UnaryOp.values())
            for (int n : Close.SIZES) {
                float[] x = domain(op, rng, n + 3);
                int[] sizes = {n};
                float[] got = new float[n + 2], want = new float[n + 2];
                Elementwise.unary(op, sizes, x, 3, new int[]{1}, got, 2);
                ElementwiseReference.unary(op, sizes, x, 3, new int[]{1}, want, 2);
                Close.assertClose(op + " n=" + n, want, got, RTOL, ATOL);
            }
    }

    @Test
    void unaryMatchesReferenceOnTransposedAndBroadcastViews() {
        Random rng = new Random(2);
        for (UnaryOp op : UnaryOp.values())
            for (int n : Close.SIZES) {
                float[] x = domain(op, rng, 3 * n);
                // the transpose of a [3, n] row-major array: sizes [n, 3], strides [1, n]
                int[] sizes = {n, 3}, strides = {1, n};
                float[] got = new float[3 * n], want = new float[3 * n];
                Elementwise.unary(op, sizes, x, 0, strides, got, 0);
                ElementwiseReference.unary(op, sizes, x, 0, strides, want, 0);
                Close.assertClose(op + " transposed n=" + n, want, got, RTOL, ATOL);
                // a row broadcast down 4 rows (stride 0), and a column broadcast along n (inner stride 0)
                for (int[] st : new int[][]{{0, 1}, {1, 0}}) {
                    int[] s2 = {4, n};
                    if (st[1] == 0) s2 = new int[]{Math.min(n, 4), n};
                    float[] g2 = new float[4 * n], w2 = new float[4 * n];
                    Elementwise.unary(op, s2, x, 0, st, g2, 0);
                    ElementwiseReference.unary(op, s2, x, 0, st, w2, 0);
                    Close.assertClose(op + " broadcast n=" + n, w2, g2, RTOL, ATOL);
                }
            }
    }

    @Test
    void specialValuesFollowJavaMath() {
        float[] x = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -1f, 1e-40f, 88.8f, -104f, 3f,
                0f, 0f, 0f, 0f, 0f, 0f, 0f};
        for (UnaryOp op : UnaryOp.values()) {
            float[] got = new float[x.length], want = new float[x.length];
            Elementwise.unary(op, new int[]{x.length}, x, 0, new int[]{1}, got, 0);
            ElementwiseReference.unary(op, new int[]{x.length}, x, 0, new int[]{1}, want, 0);
            Close.assertClose(op + " special values", want, got, RTOL, 1e-37);
        }
    }

    @Test
    void binaryMatchesReferenceWithBroadcasting() {
        Random rng = new Random(3);
        for (BinaryOp op : BinaryOp.values())
            for (int n : Close.SIZES) {
                boolean pow = op == BinaryOp.POW;
                float[] a = pow ? Close.random(rng, 5 * n, 0.01f, 4f) : Close.random(rng, 5 * n, -3f, 3f);
                float[] b = pow ? Close.random(rng, 5 * n, -3f, 3f) : Close.random(rng, 5 * n, -3f, 3f);
                if (!pow) for (int i = 0; i < n; i += 3) b[i] = a[i]; // ties for comparisons and max/min
                int[] sizes = {5, n};
                int[][][] layouts = {
                        {{n, 1}, {n, 1}},   // both contiguous
                        {{n, 1}, {0, 1}},   // b is one row broadcast down
                        {{1, 5}, {1, 0}},   // a transposed, b one column broadcast across
                        {{0, 0}, {n, 1}},   // a scalar
                };
                for (int[][] l : layouts) {
                    float[] got = new float[5 * n], want = new float[5 * n];
                    Elementwise.binary(op, sizes, a, 0, l[0], b, 0, l[1], got, 0);
                    ElementwiseReference.binary(op, sizes, a, 0, l[0], b, 0, l[1], want, 0);
                    Close.assertClose(op + " n=" + n + " strides " + java.util.Arrays.deepToString(l), want, got, RTOL, ATOL);
                }
            }
    }

    @Test
    void powOfNegativeBasesWithIntegerExponents() {
        float[] a = {-2f, -1.5f, -3f, 0f, -0.5f, 2f, -2f, -1.5f, -3f, 0f, -0.5f, 2f, -2f, -1.5f, -3f, 0f, -0.5f};
        float[] b = {3f, 2f, -1f, 2f, 0f, 0.5f, 3f, 2f, -1f, 2f, 0f, 0.5f, 3f, 2f, -1f, 2f, 0.5f};
        float[] got = new float[a.length], want = new float[a.length];
        Elementwise.binary(BinaryOp.POW, new int[]{a.length}, a, 0, new int[]{1}, b, 0, new int[]{1}, got, 0);
        ElementwiseReference.binary(BinaryOp.POW, new int[]{a.length}, a, 0, new int[]{1}, b, 0, new int[]{1}, want, 0);
        Close.assertClose("pow", want, got, RTOL, ATOL);
    }

    @Test
    void whereSelectsAndBroadcasts() {
        Random rng = new Random(4);
        for (int n : Close.SIZES) {
            float[] cond = new float[n];
            for (int i = 0; i < n; i++) cond[i] = rng.nextBoolean() ? 1f : 0f;
            float[] a = Close.random(rng, 3 * n, -1, 1), b = {7f};
            int[] sizes = {3, n};
            float[] got = new float[3 * n], want = new float[3 * n];
            Elementwise.where(sizes, cond, 0, new int[]{0, 1}, a, 0, new int[]{n, 1}, b, 0, new int[]{0, 0}, got, 0);
            ElementwiseReference.where(sizes, cond, 0, new int[]{0, 1}, a, 0, new int[]{n, 1}, b, 0, new int[]{0, 0}, want, 0);
            assertArrayEquals(want, got, "where n=" + n);
            for (int i = 0; i < n; i++) assertEquals(cond[i] != 0 ? a[n + i] : 7f, got[n + i]);
        }
    }

    @Test
    void rowsLongerThanOneChunkWithStridedAndBroadcastInputs() {
        Random rng = new Random(41);
        int n = 2500; // the drivers work in chunks of 1024
        float[] a = Close.random(rng, 3 * n, -2f, 2f), b = Close.random(rng, 3 * n, -2f, 2f);
        int[] sizes = {n, 3};
        int[][][] layouts = {{{1, n}, {0, 1}}, {{3, 1}, {1, 0}}, {{1, n}, {3, 1}}};
        for (int[][] l : layouts) {
            float[] got = new float[3 * n], want = new float[3 * n];
            Elementwise.binary(BinaryOp.SUB, sizes, a, 0, l[0], b, 0, l[1], got, 0);
            ElementwiseReference.binary(BinaryOp.SUB, sizes, a, 0, l[0], b, 0, l[1], want, 0);
            Close.assertClose("sub long rows " + java.util.Arrays.deepToString(l), want, got, RTOL, ATOL);
            Elementwise.where(sizes, a, 0, l[0], a, 0, l[0], b, 0, l[1], got, 0);
            ElementwiseReference.where(sizes, a, 0, l[0], a, 0, l[0], b, 0, l[1], want, 0);
            assertArrayEquals(want, got);
        }
        // one long row from a strided view, and a scalar broadcast along a long row
        float[] got = new float[n], want = new float[n];
        Elementwise.unary(UnaryOp.TANH, new int[]{n}, a, 1, new int[]{3}, got, 0);
        ElementwiseReference.unary(UnaryOp.TANH, new int[]{n}, a, 1, new int[]{3}, want, 0);
        Close.assertClose("tanh strided long row", want, got, RTOL, ATOL);
        Elementwise.binary(BinaryOp.MUL, new int[]{n}, a, 0, new int[]{1}, b, 5, new int[]{0}, got, 0);
        ElementwiseReference.binary(BinaryOp.MUL, new int[]{n}, a, 0, new int[]{1}, b, 5, new int[]{0}, want, 0);
        Close.assertClose("mul scalar long row", want, got, RTOL, ATOL);
    }

    @Test
    void rankZeroViewsHoldOneElement() {
        float[] a = {0f, 2f}, b = {3f}, out = new float[1];
        Elementwise.binary(BinaryOp.MUL, new int[0], a, 1, new int[0], b, 0, new int[0], out, 0);
        assertEquals(6f, out[0]);
        Elementwise.unary(UnaryOp.NEG, new int[0], a, 1, new int[0], out, 0);
        assertEquals(-2f, out[0]);
        Elementwise.where(new int[0], b, 0, new int[0], a, 1, new int[0], b, 0, new int[0], out, 0);
        assertEquals(2f, out[0]);
        float[] sum = new float[1];
        Reductions.sum(new int[0], a, 1, new int[0], sum, 0, new int[0]);
        assertEquals(2f, sum[0]);
    }

    @Test
    void badArgumentsNameTheOpAndTheProblem() {
        float[] x = new float[10], out = new float[10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.unary(UnaryOp.EXP, new int[]{11}, x, 0, new int[]{1}, out, 0));
        assertTrue(e.getMessage().startsWith("exp:"), e.getMessage());
        assertTrue(e.getMessage().contains("length 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.binary(BinaryOp.ADD, new int[]{2, 5}, x, 0, new int[]{5, 1}, x, 0, new int[]{1}, out, 0));
        assertTrue(e.getMessage().contains("strides"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.binary(BinaryOp.MUL, new int[]{65536, 65536}, x, 0, new int[]{0, 0}, x, 0, new int[]{0, 0}, out, 0));
        assertTrue(e.getMessage().contains("2^31-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Elementwise.unary(UnaryOp.NEG, new int[]{5}, x, 0, new int[]{1}, out, 6));
        assertThrows(IllegalArgumentException.class,
                () -> Elementwise.unary(UnaryOp.NEG, new int[]{5}, x, 2, new int[]{-1}, out, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Elementwise.unary(UnaryOp.NEG, new int[]{-1}, x, 0, new int[]{1}, out, 0));
    }
}
