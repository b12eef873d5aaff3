package org.peft4j.kernels.cpu;

import java.util.Arrays;

/**
 * Argument checks and index arithmetic shared by the kernels. A strided view is (array, offset, sizes, strides)
 * in elements; every kernel checks that the elements it will touch lie inside the arrays before touching any,
 * so bad arguments surface as IllegalArgumentException naming the op, never as an index error half-way through.
 */
public final class Strided {
    private Strided() {}

    /** Element count of sizes; throws if a size is negative or the count passes Integer.MAX_VALUE. */
    public static int numel(String op, int[] sizes) {
        long n = 1;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException(op + ": negative size in " + Arrays.toString(sizes));
            n *= s;
            if (n > Integer.MAX_VALUE)
                throw new IllegalArgumentException(op + ": sizes " + Arrays.toString(sizes) + " hold more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** rows * cols as an int, or IllegalArgumentException naming the op when it overflows or a factor is negative. */
    public static int product(String op, int rows, int cols) {
        return numel(op, new int[]{rows, cols});
    }

    /** Checks that the view (offset, sizes, strides) stays inside an array of the given length. */
    public static void checkView(String op, String name, int length, int offset, int[] sizes, int[] strides) {
        if (strides.length != sizes.length)
            throw new IllegalArgumentException(op + ": " + name + " has " + strides.length + " strides for " + sizes.length
                    + " sizes " + Arrays.toString(sizes));
        if (numel(op, sizes) == 0) return;
        long lo = offset, hi = offset;
        for (int i = 0; i < sizes.length; i++) {
            long ext = (long) (sizes[i] - 1) * strides[i];
            if (ext < 0) lo += ext; else hi += ext;
        }
        if (lo < 0 || hi >= length)
            throw new IllegalArgumentException(op + ": " + name + " view offset " + offset + " sizes " + Arrays.toString(sizes)
                    + " strides " + Arrays.toString(strides) + " reaches elements [" + lo + ", " + hi + "] outside an array of length " + length);
    }

    /** Checks that count contiguous elements from offset lie inside an array of the given length. */
    public static void checkRange(String op, String name, int length, int offset, long count) {
        if (count < 0 || offset < 0 || offset + count > length)
            throw new IllegalArgumentException(op + ": " + name + " needs elements [" + offset + ", " + (offset + count)
                    + ") but its array has length " + length);
    }

    public static void checkPositive(String op, String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(op + ": " + name + " must be positive, got " + value);
    }

    public static void checkNonNegative(String op, String name, int value) {
        if (value < 0) throw new IllegalArgumentException(op + ": " + name + " must be non-negative, got " + value);
    }

    /** Offset of the flat-th element (row-major over sizes) of a view; used by the scalar references. */
    public static int offsetOf(int flat, int offset, int[] sizes, int[] strides) {
        int p = offset;
        for (int d = sizes.length - 1; d >= 0; d--) {
            int n = sizes[d];
            p += (flat % n) * strides[d];
            flat /= n;
        }
        return p;
    }

    /** Row-major strides of a contiguous array of these sizes. */
    public static int[] contiguousStrides(int[] sizes) {
        int[] s = new int[sizes.length];
        int acc = 1;
        for (int i = sizes.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(sizes[i], 1);
        }
        return s;
    }
}
