package org.peft4j.weights.safetensors;

import org.peft4j.tensor.Tensor;

/**
 * Storage indices of a view's elements in row-major order, stepped like an odometer (one add per element instead
 * of a division per dimension).
 */
final class StridedIndex {
    private final int[] shape;
    private final int[] strides;
    private final int[] counter;
    private long position;

    StridedIndex(Tensor t) {
        this.shape = t.shape();
        this.strides = t.strides();
        this.counter = new int[shape.length];
        this.position = t.offset();
    }

    /** The current element's storage index, then advances to the next element. */
    long next() {
        long current = position;
        for (int d = shape.length - 1; d >= 0; d--) {
            position += strides[d];
            if (++counter[d] < shape[d]) break;
            position -= (long) strides[d] * shape[d];
            counter[d] = 0;
        }
        return current;
    }
}
