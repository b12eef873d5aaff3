package org.peft4j.transformer.nn;

import org.peft4j.tensor.FloatStorage;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * Keys and values of every attention layer for the tokens processed so far, so each decoding step attends to the
 * past without recomputing it. Per layer two preallocated fp32 buffers [batch, kvHeads, capacity, headDim]; the
 * cached part is a strided view, never copied. For inference only: what is cached carries no gradient.
 */
public final class KvCache {
    private final int batch, kvHeads, headDim, capacity;
    private final float[][] keys, values;
    private final int[] lengths;

    public KvCache(int layers, int batch, int kvHeads, int headDim, int capacity) {
        if (layers <= 0 || batch <= 0 || kvHeads <= 0 || headDim <= 0 || capacity <= 0)
            throw new IllegalArgumentException("KvCache: layers, batch, kvHeads, headDim and capacity must be positive, found "
                    + layers + ", " + batch + ", " + kvHeads + ", " + headDim + ", " + capacity);
        long perLayer = (long) batch * kvHeads * capacity * headDim;
        if (perLayer > Integer.MAX_VALUE)
            throw new IllegalArgumentException("KvCache: " + perLayer + " floats per layer exceed a Java array; lower batch or capacity");
        this.batch = batch;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.capacity = capacity;
        this.keys = new float[layers][(int) perLayer];
        this.values = new float[layers][(int) perLayer];
        this.lengths = new int[layers];
    }

    public int layers() { return keys.length; }
    public int batch() { return batch; }
    public int capacity() { return capacity; }

    /** Tokens cached so far (read by the model before its first layer to offset positions). */
    public int length() { return lengths[0]; }

    /** Forgets everything (the buffers are reused). */
    public void reset() { java.util.Arrays.fill(lengths, 0); }

    /**
     * Appends this step's keys and values [batch, kvHeads, T, headDim] to a layer and returns the views of all cached
     * keys and values [batch, kvHeads, length, headDim].
     */
    public Tensor[] append(int layer, Tensor k, Tensor v) {
        int[] expect = {batch, kvHeads, k.dim() == 4 ? k.size(2) : -1, headDim};
        if (k.dim() != 4 || !java.util.Arrays.equals(k.shape(), expect) || !java.util.Arrays.equals(v.shape(), expect))
            throw new IllegalArgumentException("KvCache.append: keys " + Shapes.str(k.shape()) + " and values " + Shapes.str(v.shape())
                    + " must both be [batch=" + batch + ", kvHeads=" + kvHeads + ", T, headDim=" + headDim + "]");
        int t = k.size(2), at = lengths[layer];
        if (at + t > capacity)
            throw new IllegalStateException("KvCache: " + at + " cached + " + t + " new tokens exceed the capacity of " + capacity);
        copyIn(k, keys[layer], at);
        copyIn(v, values[layer], at);
        lengths[layer] = at + t;
        return new Tensor[]{view(keys[layer], at + t), view(values[layer], at + t)};
    }

    private void copyIn(Tensor src, float[] dst, int at) {
        Tensor c = src.contiguous();
        float[] s = c.floatArray();
        int t = src.size(2), off = c.offset(), row = t * headDim;
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < kvHeads; h++) {
                int from = off + (b * kvHeads + h) * row;
                int to = ((b * kvHeads + h) * capacity + at) * headDim;
                System.arraycopy(s, from, dst, to, row);
            }
    }

    private Tensor view(float[] buf, int len) {
        int[] strides = {kvHeads * capacity * headDim, capacity * headDim, headDim, 1};
        return new Tensor(new FloatStorage(buf), new int[]{batch, kvHeads, len, headDim}, strides, 0);
    }
}
