package org.peft4j.peft.fisher;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import java.util.Arrays;

/** Which entries of one tensor are kept (trainable): one bit per entry in row-major order. */
public final class BitMask {
    private final int[] shape;
    private final long[] words;
    private final int size;

    public BitMask(int... shape) {
        this.shape = shape.clone();
        this.size = Shapes.numel(shape);
        this.words = new long[(size + 63) >>> 6];
    }

    public int[] shape() { return shape.clone(); }

    public int size() { return size; }

    public boolean get(int i) { return (words[i >>> 6] >>> (i & 63) & 1L) != 0; }

    public void set(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("entry " + i + " of a mask of " + size);
        words[i >>> 6] |= 1L << (i & 63);
    }

    public void clear(int i) { words[i >>> 6] &= ~(1L << (i & 63)); }

    /** Number of kept entries. */
    public int count() {
        int n = 0;
        for (long w : words) n += Long.bitCount(w);
        return n;
    }

    /** The mask as a 0/1 F32 tensor of the parameter's shape (what Parameter.setGradMask takes). */
    public Tensor toTensor() {
        float[] f = new float[size];
        for (int i = 0; i < size; i++) if (get(i)) f[i] = 1f;
        return Tensor.of(f, shape);
    }

    /** Packed bits, LSB first within each byte (numpy.packbits(bitorder="little")): ceil(size/8) bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[(size + 7) >>> 3];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (words[i >>> 3] >>> ((i & 7) * 8));
        return b;
    }

    public static BitMask fromBytes(byte[] bytes, int... shape) {
        BitMask m = new BitMask(shape);
        if (bytes.length != (m.size + 7) >>> 3)
            throw new IllegalArgumentException("mask of shape " + Shapes.str(shape) + " needs " + ((m.size + 7) >>> 3) + " bytes, found " + bytes.length);
        for (int i = 0; i < bytes.length; i++) m.words[i >>> 3] |= (bytes[i] & 0xFFL) << ((i & 7) * 8);
        int tail = m.size & 63;
        if (tail != 0 && (m.words[m.words.length - 1] >>> tail) != 0)
            throw new IllegalArgumentException("mask of shape " + Shapes.str(shape) + " has bits set past its " + m.size + " entries");
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitMask b && Arrays.equals(shape, b.shape) && Arrays.equals(words, b.words);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(words); }

    @Override
    public String toString() { return "BitMask(" + Shapes.str(shape) + ", " + count() + "/" + size + " kept)"; }
}
