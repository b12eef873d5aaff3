package org.peft4j.kernels.cuda;

/**
 * How a row-major m x n matrix is handed to cuSOLVER's column-major gesvd (which needs rows >= cols), and how
 * its outputs become row-major triplets. A row-major matrix read column-major is its transpose, so when n >= m
 * gesvd factors A^T (n x m) = U S VT and A's left vectors are the rows of VT, its right vectors the columns of U;
 * when m > n the matrix is first transposed on the device, gesvd factors A (m x n) and the roles are direct.
 * Kept free of JCuda so the index arithmetic is tested without a GPU.
 */
public final class GesvdLayout {
    private GesvdLayout() {}

    /** Whether A is handed over as is (read as A^T); otherwise it is transposed first. */
    public static boolean wide(int m, int n) { return n >= m; }

    /** Rows of the column-major matrix gesvd factors. */
    public static int rows(int m, int n) { return wide(m, n) ? n : m; }

    /** Columns of the column-major matrix gesvd factors (also the number of singular values). */
    public static int cols(int m, int n) { return wide(m, n) ? m : n; }

    /**
     * The top-k triplets from gesvd's outputs: u (rows x cols, column-major, ld rows), s (cols) and vt (cols x
     * cols, column-major, ld cols).
     */
    public static TruncatedSvd triplets(int m, int n, int k, float[] u, float[] s, float[] vt) {
        boolean wide = wide(m, n);
        int rows = rows(m, n), cols = cols(m, n);
        float[] au = new float[m * k], av = new float[n * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < m; i++) au[i * k + j] = wide ? vt[j + i * cols] : u[i + j * rows];
            for (int i = 0; i < n; i++) av[i * k + j] = wide ? u[i + j * rows] : vt[j + i * cols];
        }
        double[] top = new double[k];
        for (int j = 0; j < k; j++) top[j] = s[j];
        return new TruncatedSvd(m, n, k, au, top, av);
    }
}
