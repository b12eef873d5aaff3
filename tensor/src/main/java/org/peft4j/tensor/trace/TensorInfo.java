package org.peft4j.tensor.trace;

import java.util.Arrays;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;

/**
 * What a trace keeps of a tensor an op read or wrote: its shape, dtype and the bytes it occupies. Bytes count the
 * distinct elements of the view (a broadcast dim with stride 0 is read once), so they estimate memory traffic.
 */
public record TensorInfo(int[] shape, DType dtype, long bytes) {
    public TensorInfo {
        shape = shape.clone();
    }

    public static TensorInfo of(Tensor t) {
        int[] shape = t.shape(), strides = t.strides();
        long distinct = 1;
        for (int i = 0; i < shape.length; i++) if (strides[i] != 0 || shape[i] == 0) distinct *= shape[i];
        return new TensorInfo(shape, t.dtype(), distinct * t.dtype().byteSize());
    }

    @Override
    public int[] shape() { return shape.clone(); }

    /** "F32[8, 128, 384]", the form the tree and the JSON use. */
    @Override
    public String toString() { return dtype + Arrays.toString(shape); }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.dtype == dtype && t.bytes == bytes && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(shape) + dtype.hashCode(); }
}
