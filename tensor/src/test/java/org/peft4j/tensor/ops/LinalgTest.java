package org.peft4j.tensor.ops;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.peft4j.tensor.AllocationTracker;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Linalg against a naive double-precision loop over the same views (NumPy matmul semantics). */
class LinalgTest {
    private final Random rng = new Random(42);

    private Tensor randn(int... shape) { return Tensor.randn(rng, 1f, shape); }

    /** NumPy matmul by definition: promote 1-D, broadcast batch dims, sum in double over element accessors. */
    static Tensor naiveMatmul(Tensor a, Tensor b) {
        boolean av = a.dim() == 1, bv = b.dim() == 1;
        Tensor a2 = av ? a.unsqueeze(0) : a, b2 = bv ? b.unsqueeze(1) : b;
        int m = a2.size(-2), k = a2.size(-1), n = b2.size(-1);
        int[] batch = Shapes.broadcast("naive", Arrays.copyOf(a2.shape(), a2.dim() - 2), Arrays.copyOf(b2.shape(), b2.dim() - 2));
        Tensor ae = a2.expand(Linalg.append(batch, m, k)), be = b2.expand(Linalg.append(batch, k, n));
        int items = Shapes.numel(batch);
        float[] out = new float[items * m * n];
        int[] idx = new int[batch.length + 2];
        for (int t = 0; t < items; t++) {
            int flat = t;
            for (int d = batch.length - 1; d >= 0; d--) { idx[d] = flat % batch[d]; flat /= batch[d]; }
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    idx[batch.length] = i; idx[batch.length + 1] = p;
                    double x = ae.get(idx);
                    idx[batch.length] = p; idx[batch.length + 1] = j;
                    s += x * be.get(idx);
                }
                out[(t * m + i) * n + j] = (float) s;
            }
        }
        Tensor r = Tensor.of(out, Linalg.append(batch, m, n));
        if (av) r = r.squeeze(-2);
        if (bv) r = r.squeeze(-1);
        return r;
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        actual.assertAllClose(expected, 1e-4, 1e-4);
    }

    private void checkMatmul(Tensor a, Tensor b) {
        assertClose(naiveMatmul(a, b), Linalg.matmul(a, b));
    }

    @Test
    void twoDimensionalOddSizes() {
        for (int m : new int[]{1, 7, 33}) for (int n : new int[]{1, 17, 40}) for (int k : new int[]{1, 7, 300})
            checkMatmul(randn(m, k), randn(k, n));
    }

    @Test
    void oneDimensionalPromotion() {
        checkMatmul(randn(7), randn(7, 5));            // [7] @ [7,5] -> [5]
        checkMatmul(randn(5, 7), randn(7));            // [5,7] @ [7] -> [5]
        checkMatmul(randn(3, 5, 7), randn(7));         // batched matrix-vector -> [3,5]
        checkMatmul(randn(7), randn(2, 7, 4));         // vector @ batch -> [2,4]
        Tensor dot = Linalg.matmul(Tensor.of(new float[]{1, 2, 3}, 3), Tensor.of(new float[]{4, 5, 6}, 3));
        assertEquals(0, dot.dim());
        assertEquals(32f, dot.item());
    }

    @Test
    void batchBroadcasting() {
        checkMatmul(randn(2, 1, 5, 7), randn(3, 7, 4));  // -> [2,3,5,4]
        checkMatmul(randn(4, 5, 7), randn(7, 6));        // shared b: folded into one tall GEMM
        checkMatmul(randn(5, 7), randn(4, 7, 6));        // shared a
        checkMatmul(randn(1, 5, 7), randn(3, 1, 7, 2));
        assertThrows(IllegalArgumentException.class, () -> Linalg.matmul(randn(2, 5, 7), randn(3, 7, 4)));
    }

    @Test
    void stridedAndTransposedViewsReadInPlace() {
        Tensor big = randn(40, 50);
        checkMatmul(big.narrow(0, 3, 20).narrow(1, 5, 30), randn(30, 9));     // row stride 50 > 30 columns
        checkMatmul(randn(9, 20), big.narrow(0, 1, 20).narrow(1, 2, 33));
        checkMatmul(randn(20, 13).transpose(0, 1), randn(20, 8));              // column-major a
        checkMatmul(randn(6, 13), randn(8, 13).transpose(0, 1));               // column-major b
        checkMatmul(randn(3, 4, 10).permute(1, 0, 2), randn(10, 5));           // batch dims not foldable
        checkMatmul(randn(2, 6, 10).transpose(1, 2), randn(2, 6, 3));          // batched transposed a
        checkMatmul(randn(5, 1).expand(5, 7), randn(7, 3));                    // stride-0 columns: copied
        Tensor tall = randn(4, 6, 12);
        checkMatmul(tall.narrow(2, 0, 10), randn(10, 3));                     // rows fold with stride 12
    }

    @Test
    void transposeFlags() {
        Tensor a = randn(3, 9, 5), b = randn(3, 7, 9);
        assertClose(naiveMatmul(a.transpose(-1, -2), b.transpose(-1, -2)), Linalg.matmul(a, b, true, true));
        Tensor c = randn(9, 5), d = randn(9, 4);
        assertClose(naiveMatmul(c.transpose(0, 1), d), Linalg.matmul(c, d, true, false));
        assertClose(naiveMatmul(d.transpose(0, 1).contiguous(), c), Linalg.matmul(d.transpose(0, 1).contiguous(), c, false, false));
        assertThrows(IllegalArgumentException.class, () -> Linalg.matmul(randn(4), randn(4, 3), true, false));
    }

    static Tensor segmentTensor(Arena arena, Tensor values, DType dtype) {
        float[] v = values.toFloatArray();
        MemorySegment seg = arena.allocate((long) v.length * dtype.byteSize());
        var f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        var i16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            switch (dtype) {
                case F32 -> seg.set(f32, 4L * i, v[i]);
                case F16 -> seg.set(i16, 2L * i, Float.floatToFloat16(v[i]));
                case BF16 -> seg.set(i16, 2L * i, (short) ((Float.floatToRawIntBits(v[i]) + 0x8000) >>> 16));
                default -> throw new IllegalArgumentException(dtype.toString());
            }
        }
        return Tensor.ofSegment(seg, dtype, values.shape());
    }

    @Test
    void segmentRightOperands() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : new DType[]{DType.F32, DType.F16, DType.BF16}) {
                Tensor w = segmentTensor(arena, randn(17, 33), dtype);
                checkMatmul(randn(5, 17), w);
                checkMatmul(randn(2, 5, 33), w.transpose(0, 1));                 // x @ Wᵀ reading W [17,33] in place
                checkMatmul(randn(3, 4, 17), w);
                Tensor wb = segmentTensor(arena, randn(2, 7, 6), dtype);
                checkMatmul(randn(2, 3, 7), wb);                                  // batched segment b
                checkMatmul(w, randn(33, 4));                                     // segment as left operand: widened copy
            }
        }
    }

    @Test
    void linearMatchesDefinition() {
        try (Arena arena = Arena.ofShared()) {
            Tensor wHeap = randn(30, 20), bias = randn(30);
            for (Tensor w : new Tensor[]{wHeap, segmentTensor(arena, wHeap, DType.BF16), segmentTensor(arena, wHeap, DType.F16)}) {
                for (Tensor x : new Tensor[]{randn(20), randn(7, 20), randn(2, 3, 20), randn(3, 2, 20).transpose(0, 1), randn(4, 25).narrow(1, 2, 20)}) {
                    Tensor expected = naiveMatmul(x, w.transpose(0, 1));
                    assertClose(expected, Linalg.linear(x, w, null));
                    Tensor withBias = naiveAddBias(expected, bias);
                    assertClose(withBias, Linalg.linear(x, w, bias));
                }
            }
        }
    }

    private static Tensor naiveAddBias(Tensor y, Tensor bias) {
        float[] v = y.toFloatArray(), b = bias.toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] += b[i % b.length];
        return Tensor.of(v, y.shape());
    }

    @Test
    void linearNeverCopiesABf16Weight() {
        try (Arena arena = Arena.ofShared()) {
            int out = 300, in = 200;
            Tensor w = segmentTensor(arena, randn(out, in), DType.BF16);
            Tensor x = randn(2, 5, in), bias = randn(out);
            Tensor y0 = Linalg.linear(x, w, bias); // warm-up: first-use allocations
            AllocationTracker.resetLargest();
            Tensor y = Linalg.linear(x, w, bias);
            long largest = AllocationTracker.largestSince();
            assertTrue(largest <= 4L * 2 * 5 * out, "largest tensor allocation " + largest + " bytes: a fp32 copy of the weight would be " + 4L * out * in);
            assertClose(y0, y);
            Tensor dy = randn(2, 5, out);
            AllocationTracker.resetLargest();
            Tensor gx = Linalg.linearGradInput(dy, w);
            assertArrayEquals(new int[]{2, 5, in}, gx.shape());
            assertTrue(AllocationTracker.largestSince() <= 4L * 2 * 5 * in, "linearGradInput allocated " + AllocationTracker.largestSince() + " bytes");
        }
    }

    @Test
    void linearGradients() {
        Tensor dy = randn(2, 3, 6), x = randn(2, 3, 4), w = randn(6, 4);
        assertClose(naiveMatmul(dy, w), Linalg.linearGradInput(dy, w));
        Tensor dy2 = dy.reshape(6, 6), x2 = x.reshape(6, 4);
        assertClose(naiveMatmul(dy2.transpose(0, 1), x2), Linalg.linearGradWeight(dy, x));
        Tensor xt = randn(3, 2, 4).transpose(0, 1); // not foldable: copied, same result
        assertClose(naiveMatmul(dy2.transpose(0, 1), xt.contiguous().reshape(6, 4)), Linalg.linearGradWeight(dy, xt));
        assertThrows(IllegalArgumentException.class, () -> Linalg.linearGradWeight(randn(2, 6), randn(3, 4)));
    }

    @Test
    void matmulIntoAccumulates() {
        Tensor a = randn(5, 8), b = randn(6, 8);
        Tensor c0 = randn(5, 6), c = c0.copy();
        Linalg.matmulInto(c, a, false, b, true, 2f, 1f);
        Tensor expected = naiveMatmul(a, b.transpose(0, 1));
        float[] e = expected.toFloatArray(), prior = c0.toFloatArray();
        for (int i = 0; i < e.length; i++) e[i] = 2f * e[i] + prior[i];
        assertClose(Tensor.of(e, 5, 6), c);
        Tensor wide = Tensor.zeros(5, 10);
        Linalg.matmulInto(wide.narrow(1, 2, 6), a, false, b, true, 1f, 0f);
        assertClose(expected, wide.narrow(1, 2, 6));
        assertThrows(IllegalArgumentException.class, () -> Linalg.matmulInto(Tensor.zeros(6, 5).transpose(0, 1), a, false, b, true, 1f, 0f));
    }

    @Test
    void badInputsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Linalg.matmul(randn(3, 4), randn(5, 2)));
        assertTrue(e.getMessage().contains("inner dimensions differ") && e.getMessage().contains("[3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linalg.matmul(Tensor.ofLongs(new long[]{1, 2}, 2), randn(2)));
        assertTrue(e.getMessage().contains("I64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linalg.linear(randn(3, 5), randn(4, 6), null));
        assertTrue(e.getMessage().contains("expects 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linalg.linear(randn(3, 6), randn(4, 6), randn(5)));
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
    }

    @Test
    void emptyDims() {
        assertArrayEquals(new int[]{0, 4}, Linalg.matmul(randn(0, 3), randn(3, 4)).shape());
        Tensor z = Linalg.matmul(randn(2, 0), randn(0, 3));
        assertArrayEquals(new float[6], z.toFloatArray());
    }
}
