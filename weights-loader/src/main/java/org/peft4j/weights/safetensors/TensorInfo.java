package org.peft4j.weights.safetensors;

import java.util.Arrays;
import org.peft4j.tensor.DType;

/**
 * One header entry of a safetensors file: dtype, shape and where its bytes are. {@code begin}/{@code end} are the
 * header's {@code data_offsets} (relative to the data section); {@code fileOffset} is where {@code begin} lies in
 * the file (8 + header length + begin).
 */
public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end, long fileOffset) {
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public int[] shape() { return shape.clone(); }

    public int dim() { return shape.length; }

    /** Number of elements (may exceed Integer.MAX_VALUE for very large tensors). */
    public long numel() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Bytes of data: {@code end - begin}. */
    public long byteSize() { return end - begin; }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end && fileOffset == t.fileOffset;
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(shape); }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " bytes [" + begin + ", " + end + ")";
    }
}
