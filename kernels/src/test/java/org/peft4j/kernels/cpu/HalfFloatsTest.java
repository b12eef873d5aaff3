package org.peft4j.kernels.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Vector widening of every one of the 65536 F16 and BF16 bit patterns against the JDK's scalar conversion. */
class HalfFloatsTest {
    private static final VectorSpecies<Float> S = HalfFloats.FLOATS;

    @Test
    void everyHalfPatternWidensExactly() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(2L * 65536);
            for (int i = 0; i < 65536; i++) seg.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i, (short) i);
            float[] out = new float[S.length()];
            for (FloatFormat format : new FloatFormat[]{FloatFormat.F16, FloatFormat.BF16}) {
                for (int i = 0; i < 65536; i += S.length()) {
                    HalfFloats.load(seg, format, i).intoArray(out, 0);
                    for (int l = 0; l < S.length(); l++) {
                        short bits = (short) (i + l);
                        float expected = format == FloatFormat.F16 ? Float.float16ToFloat(bits) : Float.intBitsToFloat((bits & 0xffff) << 16);
                        assertSame(expected, out[l], format + " pattern 0x" + Integer.toHexString(bits & 0xffff) + " (vector)");
                        assertSame(expected, HalfFloats.get(seg, format, i + l), format + " pattern 0x" + Integer.toHexString(bits & 0xffff) + " (scalar)");
                    }
                }
            }
        }
    }

    /** Same bits, except that any NaN matches any NaN (payloads are not promised). */
    private static void assertSame(float expected, float actual, String what) {
        if (Float.isNaN(expected) && Float.isNaN(actual)) return;
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                what + ": expected " + expected + " got " + actual);
    }

    @Test
    void f32SegmentLoads() {
        try (Arena arena = Arena.ofConfined()) {
            float[] x = new float[S.length() + 3];
            for (int i = 0; i < x.length; i++) x[i] = i * 0.5f - 3f;
            MemorySegment seg = GemmTestSupport.segment(arena, x, FloatFormat.F32);
            float[] out = new float[S.length()];
            HalfFloats.load(seg, FloatFormat.F32, 3).intoArray(out, 0);
            for (int l = 0; l < S.length(); l++) assertEquals(x[3 + l], out[l]);
        }
    }
}
