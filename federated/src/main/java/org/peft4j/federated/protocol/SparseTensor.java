package org.peft4j.federated.protocol;

import java.util.Arrays;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * A sparse F32 update: the dense shape, a packed bitmask (bit i of the row-major element order lives in byte
 * i/8 at bit position i%8, least significant first; padding bits are zero) and only the selected values, in
 * element order. Immutable; the arrays are copied in and out.
 */
public final class SparseTensor {
    private final int[] shape;
    private final byte[] mask;
    private final float[] values;

    public SparseTensor(int[] shape, byte[] mask, float[] values) {
        int n = Shapes.numel(shape);
        if (mask.length != maskBytes(n))
            throw new IllegalArgumentException("mask for shape " + Shapes.str(shape) + " (" + n + " elements) must be " + maskBytes(n) + " bytes, got " + mask.length);
        if (n % 8 != 0 && (mask[mask.length - 1] & 0xff) >>> (n % 8) != 0)
            throw new IllegalArgumentException("mask padding bits after element " + n + " must be zero");
        int selected = popcount(mask);
        if (selected != values.length)
            throw new IllegalArgumentException("mask selects " + selected + " elements but " + values.length + " values were given");
        this.shape = shape.clone();
        this.mask = mask.clone();
        this.values = values.clone();
    }

    /** Keeps the elements of dense where keep is true (keep in row-major order, one flag per element). */
    public static SparseTensor select(Tensor dense, boolean[] keep) {
        float[] all = dense.toFloatArray();
        if (keep.length != all.length)
            throw new IllegalArgumentException("keep has " + keep.length + " flags for " + all.length + " elements of shape " + Shapes.str(dense.shape()));
        byte[] mask = new byte[maskBytes(all.length)];
        int count = 0;
        for (int i = 0; i < keep.length; i++) if (keep[i]) { mask[i >>> 3] |= (byte) (1 << (i & 7)); count++; }
        float[] vals = new float[count];
        for (int i = 0, j = 0; i < keep.length; i++) if (keep[i]) vals[j++] = all[i];
        return new SparseTensor(dense.shape(), mask, vals);
    }

    public static int maskBytes(int numel) { return (numel + 7) >>> 3; }

    public int[] shape() { return shape.clone(); }
    public int numel() { return Shapes.numel(shape); }
    public byte[] mask() { return mask.clone(); }
    public float[] values() { return values.clone(); }
    public int selectedCount() { return values.length; }

    public boolean isSelected(int element) { return (mask[element >>> 3] >>> (element & 7) & 1) != 0; }

    /** Dense F32 tensor with the selected values and fill everywhere else. */
    public Tensor toDense(float fill) {
        float[] d = new float[numel()];
        Arrays.fill(d, fill);
        for (int i = 0, j = 0; i < d.length; i++) if (isSelected(i)) d[i] = values[j++];
        return Tensor.of(d, shape);
    }

    /** The raw value array, shared (for aggregation loops that must not copy). */
    float[] valuesUnsafe() { return values; }

    private static int popcount(byte[] mask) {
        int c = 0;
        for (byte b : mask) c += Integer.bitCount(b & 0xff);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseTensor s && Arrays.equals(shape, s.shape) && Arrays.equals(mask, s.mask) && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() { return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(mask)) + Arrays.hashCode(values); }

    @Override
    public String toString() { return "SparseTensor" + Shapes.str(shape) + "{" + values.length + " of " + numel() + " selected}"; }
}
