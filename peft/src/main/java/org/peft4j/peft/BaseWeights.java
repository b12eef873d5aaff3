package org.peft4j.peft;

import org.peft4j.autograd.Parameter;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.FloatStorage;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Helpers for replacing frozen base tensors by merged or residual values without touching the originals. */
public final class BaseWeights {
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private BaseWeights() {}

    /** Whether a tensor is a writable contiguous heap F32 tensor starting at offset 0 (what IN_PLACE merges need). */
    public static boolean isWritableF32(Tensor t) {
        return t.storage() instanceof FloatStorage && t.dtype() == DType.F32 && t.isContiguous() && t.offset() == 0
                && t.floatArray().length == t.numel();
    }

    /** Throws unless the parameter's value can be merged into in place. */
    public static void requireInPlace(Parameter p, String what) {
        if (!isWritableF32(p.value()))
            throw new PeftConfigException(what + ": an IN_PLACE merge needs a writable heap F32 weight, '" + p.name() + "' is "
                    + p.value().dtype() + " in " + p.value().storage().getClass().getSimpleName()
                    + " (a mapped or half-precision weight); merge into NEW_F32 or NEW_BF16 instead");
    }

    /** A merged F32 heap tensor converted as the merge mode asks (NEW_F32: itself; NEW_BF16: rounded copy). */
    public static Tensor as(Tensor mergedF32, MergeInto into) {
        return into == MergeInto.NEW_BF16 ? toBf16(mergedF32) : mergedF32;
    }

    /** A read-only BF16 copy, rounded to nearest even (as torch's .to(torch.bfloat16)); NaN stays NaN. */
    public static Tensor toBf16(Tensor t) {
        float[] v = t.toFloatArray();
        MemorySegment seg = Arena.ofAuto().allocate(2L * v.length, 2);
        for (int i = 0; i < v.length; i++) seg.setAtIndex(HALF, i, bf16Bits(v[i]));
        return Tensor.ofSegment(seg, DType.BF16, t.shape());
    }

    static short bf16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** Checks two shapes agree, naming the module and both shapes. */
    public static void requireShape(String what, int[] expected, int[] found) {
        if (!java.util.Arrays.equals(expected, found))
            throw new AdapterFormatException(what + ": expected shape " + Shapes.str(expected) + ", found " + Shapes.str(found));
    }
}
