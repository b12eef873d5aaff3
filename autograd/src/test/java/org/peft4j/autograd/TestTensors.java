package org.peft4j.autograd;

import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/** Small deterministic inputs for tests. */
public final class TestTensors {
    private TestTensors() {}

    public static Tensor randn(long seed, int... shape) { return Tensor.randn(new Random(seed), 1f, shape); }

    public static Tensor uniform(long seed, float lo, float hi, int... shape) { return Tensor.rand(new Random(seed), lo, hi, shape); }

    /** Values whose magnitude is at least 0.2, away from the kinks of relu and friends. */
    public static Tensor awayFromZero(long seed, int... shape) {
        Tensor t = randn(seed, shape);
        float[] d = t.floatArray();
        for (int i = 0; i < d.length; i++) d[i] = d[i] >= 0 ? d[i] + 0.2f : d[i] - 0.2f;
        return t;
    }

    /** A read-only BF16 segment tensor holding values rounded to bf16 (the frozen-weight case). */
    public static Tensor bf16(Tensor values) {
        float[] v = values.toFloatArray();
        MemorySegment seg = Arena.ofAuto().allocate(2L * v.length, 2);
        ValueLayout.OfShort le = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16; // round to nearest even
            seg.set(le, 2L * i, (short) rounded);
        }
        return Tensor.ofSegment(seg, DType.BF16, values.shape());
    }

    public static Tensor longs(long... v) { return Tensor.ofLongs(v, v.length); }
}
