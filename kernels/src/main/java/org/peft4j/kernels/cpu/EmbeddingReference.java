package org.peft4j.kernels.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Scalar reference for {@link Embedding}: element by element, F16/BF16 decoded by hand from their bit layouts. */
public final class EmbeddingReference {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private EmbeddingReference() {}

    public static void gather(float[] weight, int wOff, int vocab, int hidden, long[] ids, int idsOff, int n, float[] out, int outOff) {
        Embedding.checkGather(vocab, hidden, ids, idsOff, n, out, outOff);
        Strided.checkRange("embedding", "weight", weight.length, wOff, (long) vocab * hidden);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < hidden; j++) out[outOff + i * hidden + j] = weight[wOff + (int) ids[idsOff + i] * hidden + j];
    }

    public static void gather(MemorySegment weight, FloatFormat format, int vocab, int hidden, long[] ids, int idsOff, int n, float[] out, int outOff) {
        Embedding.checkGather(vocab, hidden, ids, idsOff, n, out, outOff);
        Embedding.checkSegment(weight, format, vocab, hidden);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < hidden; j++) {
                long e = ids[idsOff + i] * hidden + j;
                out[outOff + i * hidden + j] = switch (format) {
                    case F32 -> weight.get(F32, e * 4);
                    case F16 -> halfToFloat(weight.get(U16, e * 2) & 0xffff);
                    case BF16 -> Float.intBitsToFloat((weight.get(U16, e * 2) & 0xffff) << 16);
                };
            }
    }

    /** IEEE binary16 decoded from its fields: sign, 5-bit exponent (bias 15), 10-bit fraction. */
    static float halfToFloat(int h) {
        int sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
        double v;
        if (exp == 0) v = frac * Math.pow(2, -24);
        else if (exp == 31) v = frac == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        else v = (1 + frac / 1024.0) * Math.pow(2, exp - 15);
        return (float) (sign == 1 ? -v : v);
    }

    public static void scatterAdd(float[] gradOut, int gOff, int hidden, long[] ids, int idsOff, int n, float[] dWeight, int dwOff, int vocab) {
        Embedding.checkScatter(gradOut, gOff, hidden, ids, idsOff, n, dWeight, dwOff, vocab);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < hidden; j++) dWeight[dwOff + (int) ids[idsOff + i] * hidden + j] += gradOut[gOff + i * hidden + j];
    }
}
