package org.peft4j.transformer.nn;

import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Linalg;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The few-rows product agrees with the GEMM-backed Linalg.linear for every weight layout and dtype it takes. */
class SmallBatchLinearTest {
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static Tensor segment(float[] v, DType dtype, int... shape) {
        MemorySegment s = Arena.ofAuto().allocate((long) v.length * dtype.byteSize());
        for (int i = 0; i < v.length; i++) {
            if (dtype == DType.F32) s.setAtIndex(F32, i, v[i]);
            else s.setAtIndex(I16, i, (short) (Float.floatToRawIntBits(v[i]) >>> 16)); // truncated bf16: exact test values below
        }
        return Tensor.ofSegment(s, dtype, shape);
    }

    static float[] bf16Exact(float[] v) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Float.intBitsToFloat(Float.floatToRawIntBits(v[i]) & 0xffff0000);
        return o;
    }

    @Test
    void matchesLinalgForEveryLayoutAndDtype() {
        Random rng = new Random(11);
        for (int[] dims : new int[][]{{1, 1, 1}, {1, 7, 17}, {2, 33, 1000}, {3, 257, 31}, {4, 96, 300}, {1, 100, 515}, {16, 65, 130}, {9, 6, 3}}) {
            int rows = dims[0], in = dims[1], out = dims[2];
            Tensor x = Tensor.randn(rng, 1f, 1, rows, in);
            float[] wv = bf16Exact(Tensor.randn(rng, 1f, out, in).toFloatArray());
            Tensor bias = Tensor.randn(rng, 1f, out);
            Tensor rowsW = Tensor.of(wv, out, in);                       // Linear [out, in]
            Tensor colsW = Tensor.of(transpose(wv, out, in), in, out).transpose(0, 1); // Conv1D [in, out] seen as [out, in]
            Tensor expected = Linalg.linear(x, rowsW, bias);
            for (Tensor w : new Tensor[]{rowsW, colsW, segment(wv, DType.F32, out, in), segment(wv, DType.BF16, out, in),
                    segment(transpose(wv, out, in), DType.BF16, in, out).transpose(0, 1)}) {
                assertTrue(SmallBatchLinear.applies(x, w), "applies to " + w.dtype() + " strides " + java.util.Arrays.toString(w.strides()));
                Tensor got = SmallBatchLinear.linear(x, w, bias);
                got.assertAllClose(expected, 1e-4, 1e-4 * Math.sqrt(in));
                assertNull(SmallBatchLinear.linear(x, w, null).compare(Linalg.linear(x, rowsW, null), 1e-4, 1e-4 * Math.sqrt(in)));
            }
        }
    }

    /** Decoding must not depend on the thread count: both layouts give the same bits on 1, 2 and 3 threads. */
    @Test
    void sameBitsOnAnyNumberOfThreads() {
        int before = org.peft4j.kernels.cpu.KernelPool.threads();
        try {
            Random rng = new Random(12);
            int rows = 3, in = 768, out = 300;
            Tensor x = Tensor.randn(rng, 1f, 1, rows, in);
            float[] wv = Tensor.randn(rng, 1f, out, in).toFloatArray();
            Tensor rowsW = Tensor.of(wv, out, in);
            Tensor colsW = Tensor.of(transpose(wv, out, in), in, out).transpose(0, 1);
            for (Tensor w : new Tensor[]{rowsW, colsW}) {
                float[] first = null;
                for (int threads = 1; threads <= 3; threads++) {
                    org.peft4j.kernels.cpu.KernelPool.setThreads(threads);
                    float[] got = SmallBatchLinear.linear(x, w, null).toFloatArray();
                    if (first == null) first = got;
                    else for (int i = 0; i < got.length; i++)
                        assertEquals(Float.floatToRawIntBits(first[i]), Float.floatToRawIntBits(got[i]),
                                "element " + i + " with strides " + java.util.Arrays.toString(w.strides()) + " on " + threads + " threads");
                }
            }
        } finally {
            org.peft4j.kernels.cpu.KernelPool.setThreads(before);
        }
    }

    @Test
    void declinesManyRowsAndOtherLayouts() {
        assertFalse(SmallBatchLinear.applies(Tensor.zeros(17, 8), Tensor.zeros(3, 8)));
        assertFalse(SmallBatchLinear.applies(Tensor.zeros(1, 4), Tensor.zeros(2, 4, 3).select(2, 0)));      // strides [12, 3]
        assertFalse(SmallBatchLinear.applies(Tensor.zeros(1, 4), Tensor.zeros(1, 4).expand(3, 4)));         // broadcast rows
    }

    static float[] transpose(float[] a, int r, int c) {
        float[] t = new float[a.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = a[i * c + j];
        return t;
    }
}
