package org.peft4j.kernels.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Widening of F32/F16/BF16 elements in a little-endian segment to fp32, one element or one vector at a time.
 * Exact for every input: each F16 and BF16 value is representable in fp32.
 */
public final class HalfFloats {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    // Species must be compile-time constants for the JIT to turn Vector API calls into instructions.
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Short> HALVES = VectorSpecies.of(short.class, VectorShape.forBitSize(FLOATS.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());

    private HalfFloats() {}

    public static float bf16ToFloat(short bits) { return Float.intBitsToFloat((bits & 0xffff) << 16); }

    public static float f16ToFloat(short bits) { return Float.float16ToFloat(bits); }

    /** Element {@code index} (not a byte offset) of a segment holding elements of the given format. */
    public static float get(MemorySegment seg, FloatFormat format, long index) {
        return switch (format) {
            case F32 -> seg.get(F32, index * 4);
            case F16 -> Float.float16ToFloat(seg.get(I16, index * 2));
            case BF16 -> bf16ToFloat(seg.get(I16, index * 2));
        };
    }

    /** FLOATS.length() elements starting at element {@code index}, widened to fp32. */
    static FloatVector load(MemorySegment seg, FloatFormat format, long index) {
        return switch (format) {
            case F32 -> FloatVector.fromMemorySegment(FLOATS, seg, index * 4, LE);
            case BF16 -> halfBits(seg, index).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            case F16 -> f16ToFloat(halfBits(seg, index).and(0xffff));
        };
    }

    /** The raw 16-bit patterns, sign-extended into int lanes (callers shift or mask the high half away). */
    private static IntVector halfBits(MemorySegment seg, long index) {
        ShortVector s = ShortVector.fromMemorySegment(HALVES, seg, index * 2, LE);
        return (IntVector) s.convertShape(VectorOperators.S2I, INTS, 0);
    }

    /**
     * IEEE half bits (in the low 16 bits of each lane) to fp32. Shifting exponent and mantissa into fp32 position
     * and multiplying by 2^112 rebiases the exponent (15 -> 127) and turns half subnormals into the exact fp32
     * values; only Inf/NaN (exponent all ones) need their exponent forced to all ones instead.
     */
    static FloatVector f16ToFloat(IntVector h) {
        IntVector magnitude = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        FloatVector scaled = magnitude.reinterpretAsFloats().mul(0x1p112f);
        VectorMask<Integer> infNan = h.and(0x7c00).eq(0x7c00);
        IntVector bits = scaled.reinterpretAsInts().blend(magnitude.or(0x7f800000), infNan);
        return bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }
}
