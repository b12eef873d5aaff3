package org.peft4j.kernels.cpu;

/** Argument validation shared by the GEMM entry points: every bad size, stride or length is an IllegalArgumentException. */
final class GemmChecks {
    private GemmChecks() {}

    static String describe(String op, boolean transA, boolean transB, int m, int n, int k) {
        return op + "(" + (transA ? 'T' : 'N') + (transB ? 'T' : 'N') + ", m=" + m + ", n=" + n + ", k=" + k + ")";
    }

    /** Validates sizes and the three operands; lengths and offsets are in elements. */
    static void check(String op, boolean transA, boolean transB, int m, int n, int k,
                      long aLength, long aOffset, int lda, long bLength, long bOffset, int ldb,
                      long cLength, long cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0)
            throw new IllegalArgumentException(describe(op, transA, transB, m, n, k) + ": sizes must be non-negative");
        // Row-major storage: op(A) = A is stored m x k, op(A) = A^T is stored k x m; likewise for B.
        operand(op, transA, transB, m, n, k, "A", transA ? k : m, transA ? m : k, aLength, aOffset, lda);
        operand(op, transA, transB, m, n, k, "B", transB ? n : k, transB ? k : n, bLength, bOffset, ldb);
        operand(op, transA, transB, m, n, k, "C", m, n, cLength, cOffset, ldc);
    }

    private static void operand(String op, boolean transA, boolean transB, int m, int n, int k,
                                String name, int rows, int cols, long length, long offset, int ld) {
        String where = describe(op, transA, transB, m, n, k) + ": " + name + " stored " + rows + "x" + cols + " row-major";
        if (ld < cols || ld < 0)
            throw new IllegalArgumentException(where + " needs leading dimension >= " + cols + ", got " + ld);
        if (offset < 0)
            throw new IllegalArgumentException(where + " has negative offset " + offset);
        if (rows == 0 || cols == 0) return;
        long needed = offset + (long) (rows - 1) * ld + cols;
        if (needed > length)
            throw new IllegalArgumentException(where + " with leading dimension " + ld + " and offset " + offset
                    + " needs " + needed + " elements, storage has " + length);
    }

    static void checkBatch(String op, int batch) {
        if (batch < 0) throw new IllegalArgumentException(op + ": batch count must be non-negative, got " + batch);
    }
}
