package org.peft4j.kernels.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** Random operands, low-precision segments and the error bound used by the GEMM tests. */
final class GemmTestSupport {
    private GemmTestSupport() {}

    static float[] random(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rng.nextGaussian();
        return x;
    }

    /** A little-endian segment holding x in the given format (x must already be representable, see {@link #roundTo}). */
    static MemorySegment segment(Arena arena, float[] x, FloatFormat format) {
        MemorySegment seg = arena.allocate((long) x.length * format.byteSize());
        var f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        var i16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < x.length; i++) {
            switch (format) {
                case F32 -> seg.set(f32, 4L * i, x[i]);
                case F16 -> seg.set(i16, 2L * i, Float.floatToFloat16(x[i]));
                case BF16 -> seg.set(i16, 2L * i, (short) (Float.floatToRawIntBits(x[i]) >>> 16));
            }
        }
        return seg;
    }

    /** x rounded to the nearest value of the format, so a segment and a float[] hold the same numbers. */
    static float[] roundTo(float[] x, FloatFormat format) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = switch (format) {
                case F32 -> x[i];
                case F16 -> Float.float16ToFloat(Float.floatToFloat16(x[i]));
                case BF16 -> Float.intBitsToFloat((Float.floatToRawIntBits(x[i]) + 0x8000) & 0xffff0000);
            };
        }
        return r;
    }

    /**
     * Asserts every element of C (m x n at cOffset, row stride ldc) matches the reference within 1e-5 relative to
     * the magnitude of what was summed, |alpha| * sum_p |a_ip b_pj| + |beta c0_ij|: fp32 accumulation in a different
     * order cannot promise more than that where terms cancel, and any indexing or packing bug breaks it by far.
     */
    static void assertClose(String what, boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c0,
                            float[] actual, float[] expected, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    float bv = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    mag += Math.abs((double) av * bv);
                }
                int ci = cOffset + i * ldc + j;
                double bound = 1e-5 * (Math.abs(alpha) * mag + (beta == 0f ? 0 : Math.abs(beta * c0[ci]))) + 1e-30;
                double diff = Math.abs((double) actual[ci] - expected[ci]);
                if (!(diff <= bound))
                    fail(what + ": C[" + i + "," + j + "] = " + actual[ci] + ", reference " + expected[ci] + ", |diff| " + diff + " > bound " + bound);
            }
        }
    }
}
