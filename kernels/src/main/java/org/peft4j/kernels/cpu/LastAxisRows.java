package org.peft4j.kernels.cpu;

/**
 * Walks the rows along the last axis of views of one shape (softmax-style kernels): counts the leading dims
 * like an odometer, keeping each operand's row offset and the current index along the second-to-last dim
 * (the query position for causal masking).
 */
final class LastAxisRows {
    final int rows;
    final int[] offsets;
    private final int[] sizes;      // leading dims
    private final int[][] strides;  // [operand][leading dim]
    private final int[] counter;

    LastAxisRows(int[] sizes, int[] offsets, int[]... strides) {
        int lead = Math.max(sizes.length - 1, 0);
        this.sizes = java.util.Arrays.copyOf(sizes, lead);
        this.strides = new int[strides.length][];
        for (int k = 0; k < strides.length; k++) this.strides[k] = java.util.Arrays.copyOf(strides[k], lead);
        long r = 1;
        for (int i = 0; i < lead; i++) r *= sizes[i];
        this.rows = (int) r;
        this.offsets = offsets.clone();
        this.counter = new int[lead];
    }

    /** Moves to row index row (0-based, in row-major order of the leading dims) from the first row. */
    LastAxisRows seek(int row) {
        Odometer.seek(row, sizes, strides, counter, offsets);
        return this;
    }

    /** Index along the second-to-last dim of the current row (0 for rank < 2). */
    int secondToLast() { return counter.length == 0 ? 0 : counter[counter.length - 1]; }

    void next() {
        Odometer.next(sizes, strides, counter, offsets);
    }
}
