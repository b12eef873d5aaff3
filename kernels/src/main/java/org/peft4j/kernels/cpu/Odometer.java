package org.peft4j.kernels.cpu;

/**
 * The row counter shared by the strided row walkers ({@link StridedRows}, {@link LastAxisRows}): counts the outer
 * dims of a view like an odometer and keeps each operand's row offset in step.
 */
final class Odometer {
    private Odometer() {}

    /** From the first row, moves counter and offsets to row index row (row-major over sizes). */
    static void seek(int row, int[] sizes, int[][] strides, int[] counter, int[] offsets) {
        for (int d = sizes.length - 1; d >= 0 && row > 0; d--) {
            int c = row % sizes[d];
            row /= sizes[d];
            counter[d] = c;
            for (int k = 0; k < offsets.length; k++) offsets[k] += strides[k][d] * c;
        }
    }

    /** Advances counter and offsets to the next row. */
    static void next(int[] sizes, int[][] strides, int[] counter, int[] offsets) {
        for (int d = sizes.length - 1; d >= 0; d--) {
            if (++counter[d] < sizes[d]) {
                for (int k = 0; k < offsets.length; k++) offsets[k] += strides[k][d];
                return;
            }
            counter[d] = 0;
            for (int k = 0; k < offsets.length; k++) offsets[k] -= strides[k][d] * (sizes[d] - 1);
        }
    }
}
