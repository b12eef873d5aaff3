package org.peft4j.federated.server;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.SegmentStorage;
import org.peft4j.tensor.Tensor;

/** Elements of an F32 tensor as a float[], by bulk copy where the layout allows (decoded updates are F32 segments). */
final class Floats {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Floats() {}

    static float[] of(Tensor t) {
        if (t.dtype() == DType.F32 && t.isContiguous() && t.storage() instanceof SegmentStorage s) {
            float[] out = new float[t.numel()];
            MemorySegment.copy(s.segment(), F32_LE, (long) t.offset() * Float.BYTES, out, 0, out.length);
            return out;
        }
        return t.toFloatArray();
    }
}
