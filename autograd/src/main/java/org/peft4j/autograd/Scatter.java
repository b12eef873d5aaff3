package org.peft4j.autograd;

import org.peft4j.tensor.Tensor;

/** Scatter-add, the backward of gathering slices by index (indexSelect along any dim). */
final class Scatter {
    private Scatter() {}

    /** A zero tensor of the given shape with g's slices added at the indices along dim; repeated indices accumulate. */
    static Tensor indexAdd(int[] shape, int dim, long[] index, Tensor g) {
        Tensor out = Tensor.zeros(shape);
        if (g.size(dim) != index.length)
            throw new IllegalArgumentException("indexAdd: gradient has " + g.size(dim) + " slices along dim " + dim + ", index has " + index.length);
        for (int i = 0; i < index.length; i++) StridedCopy.add(g.select(dim, i), out.select(dim, (int) index[i]));
        return out;
    }
}
