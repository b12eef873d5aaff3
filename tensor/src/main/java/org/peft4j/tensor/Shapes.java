package org.peft4j.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by views and ops: element counts, contiguous strides, broadcasting. */
public final class Shapes {
    private Shapes() {}

    /** Number of elements; throws on negative dims or overflow past Integer.MAX_VALUE (heap arrays are int-indexed). */
    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int... shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /** Normalises a possibly negative dim index against a rank, naming the op on failure. */
    public static int dim(int d, int rank, String op) {
        int r = d < 0 ? d + rank : d;
        if (r < 0 || r >= rank) throw new IllegalArgumentException(op + ": dim " + d + " out of range for rank " + rank);
        return r;
    }

    /** NumPy broadcasting of two shapes; throws naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast (dim " + i + ": " + da + " vs " + db + ")");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    public static String str(int... shape) { return Arrays.toString(shape); }
}
