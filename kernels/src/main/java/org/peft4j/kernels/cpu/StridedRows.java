package org.peft4j.kernels.cpu;

/**
 * Walks the rows of up to four strided views of one shape in step: the innermost (coalesced) dim is the row,
 * the others are counted like an odometer. Dims of size 1 are dropped and adjacent dims that are contiguous
 * in every operand are merged first, so contiguous tensors become one long row.
 */
final class StridedRows {
    final int rowLength;
    final int rows;
    final int[] innerStrides;
    /** Current row's start offset in each operand. */
    final int[] offsets;
    private final int[] sizes;      // outer dims only
    private final int[][] strides;  // [operand][outer dim]
    private final int[] counter;

    StridedRows(int[] sizes, int[] offsets, int[]... strides) {
        int ops = strides.length;
        int rank = sizes.length;
        int[] ms = new int[Math.max(rank, 1)]; // room for the single row of a rank-0 view
        int[][] mst = new int[ops][Math.max(rank, 1)];
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (sizes[d] == 1) continue;
            boolean merge = r > 0;
            for (int k = 0; k < ops && merge; k++) merge = mst[k][r - 1] == strides[k][d] * sizes[d];
            if (merge) {
                ms[r - 1] *= sizes[d];
                for (int k = 0; k < ops; k++) mst[k][r - 1] = strides[k][d];
            } else {
                ms[r] = sizes[d];
                for (int k = 0; k < ops; k++) mst[k][r] = strides[k][d];
                r++;
            }
        }
        if (r == 0) { ms[0] = 1; r = 1; } // a single element (all dims were 1, or rank 0)
        this.rowLength = ms[r - 1];
        this.innerStrides = new int[ops];
        for (int k = 0; k < ops; k++) innerStrides[k] = mst[k][r - 1];
        this.sizes = java.util.Arrays.copyOf(ms, r - 1);
        this.strides = new int[ops][];
        for (int k = 0; k < ops; k++) this.strides[k] = java.util.Arrays.copyOf(mst[k], r - 1);
        long rowsL = 1;
        for (int i = 0; i < r - 1; i++) rowsL *= ms[i];
        this.rows = (int) rowsL;
        this.offsets = offsets.clone();
        this.counter = new int[r - 1];
    }

    /** Moves from the first row to row index row (row-major over the outer dims); returns this. */
    StridedRows seek(int row) {
        Odometer.seek(row, sizes, strides, counter, offsets);
        return this;
    }

    /** Advances offsets to the next row. */
    void next() {
        Odometer.next(sizes, strides, counter, offsets);
    }
}
