package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Embedding lookup (gather rows of a [vocab, hidden] table by id) and its gradient (scatter-add rows of the
 * output gradient into a dense [vocab, hidden] table). The table may be a heap float[] or a little-endian
 * MemorySegment of F32, F16 or BF16 (a frozen, memory-mapped weight), widened to fp32 as rows are copied.
 * Every id is checked against the vocabulary before anything is written.
 */
public final class Embedding {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Embedding() {}

    static void checkIds(String op, long[] ids, int idsOff, int n, int vocab) {
        Strided.checkNonNegative(op, "number of ids", n);
        Strided.checkRange(op, "ids", ids.length, idsOff, n);
        for (int i = 0; i < n; i++) {
            long id = ids[idsOff + i];
            if (id < 0 || id >= vocab)
                throw new IllegalArgumentException(op + ": id " + id + " at position " + i + " is outside the vocabulary [0, " + vocab + ")");
        }
    }

    static void checkGather(int vocab, int hidden, long[] ids, int idsOff, int n, float[] out, int outOff) {
        Strided.checkNonNegative("embedding", "vocab", vocab);
        Strided.checkPositive("embedding", "hidden", hidden);
        Strided.product("embedding", vocab, hidden);
        checkIds("embedding", ids, idsOff, n, vocab);
        Strided.checkRange("embedding", "out", out.length, outOff, Strided.product("embedding", n, hidden));
    }

    static void checkSegment(MemorySegment weight, FloatFormat format, int vocab, int hidden) {
        long need = (long) vocab * hidden * format.byteSize();
        if (weight.byteSize() < need)
            throw new IllegalArgumentException("embedding: " + format + " table [" + vocab + ", " + hidden + "] needs " + need
                    + " bytes, segment has " + weight.byteSize());
    }

    static void checkScatter(float[] gradOut, int gOff, int hidden, long[] ids, int idsOff, int n, float[] dWeight, int dwOff, int vocab) {
        Strided.checkNonNegative("embedding_backward", "vocab", vocab);
        Strided.checkPositive("embedding_backward", "hidden", hidden);
        checkIds("embedding_backward", ids, idsOff, n, vocab);
        Strided.checkRange("embedding_backward", "gradOut", gradOut.length, gOff, Strided.product("embedding_backward", n, hidden));
        Strided.checkRange("embedding_backward", "dWeight", dWeight.length, dwOff, Strided.product("embedding_backward", vocab, hidden));
    }

    /** out[i, :] = weight[ids[i], :] for a heap table. */
    public static void gather(float[] weight, int wOff, int vocab, int hidden, long[] ids, int idsOff, int n, float[] out, int outOff) {
        checkGather(vocab, hidden, ids, idsOff, n, out, outOff);
        Strided.checkRange("embedding", "weight", weight.length, wOff, (long) vocab * hidden);
        for (int i = 0; i < n; i++)
            System.arraycopy(weight, wOff + (int) ids[idsOff + i] * hidden, out, outOff + i * hidden, hidden);
    }

    /** out[i, :] = weight[ids[i], :] widened to fp32, for a segment table of the given format. */
    public static void gather(MemorySegment weight, FloatFormat format, int vocab, int hidden, long[] ids, int idsOff, int n, float[] out, int outOff) {
        checkGather(vocab, hidden, ids, idsOff, n, out, outOff);
        checkSegment(weight, format, vocab, hidden);
        for (int i = 0; i < n; i++) {
            long row = ids[idsOff + i] * hidden;
            int oo = outOff + i * hidden;
            switch (format) {
                case F32 -> MemorySegment.copy(weight, F32, row * 4, out, oo, hidden);
                case F16 -> { for (int j = 0; j < hidden; j++) out[oo + j] = Float.float16ToFloat(weight.getAtIndex(U16, row + j)); }
                case BF16 -> { for (int j = 0; j < hidden; j++) out[oo + j] = Float.intBitsToFloat((weight.getAtIndex(U16, row + j) & 0xffff) << 16); }
            }
        }
    }

    /** dWeight[ids[i], :] += gradOut[i, :]; dWeight is not cleared first. Repeated ids accumulate. */
    public static void scatterAdd(float[] gradOut, int gOff, int hidden, long[] ids, int idsOff, int n, float[] dWeight, int dwOff, int vocab) {
        checkScatter(gradOut, gOff, hidden, ids, idsOff, n, dWeight, dwOff, vocab);
        for (int i = 0; i < n; i++) {
            int go = gOff + i * hidden, wo = dwOff + (int) ids[idsOff + i] * hidden;
            int j = 0;
            for (int u = S.loopBound(hidden); j < u; j += L)
                FloatVector.fromArray(S, dWeight, wo + j).add(FloatVector.fromArray(S, gradOut, go + j)).intoArray(dWeight, wo + j);
            for (; j < hidden; j++) dWeight[wo + j] += gradOut[go + j];
        }
    }
}
