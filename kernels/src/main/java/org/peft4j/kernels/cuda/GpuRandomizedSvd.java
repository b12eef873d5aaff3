package org.peft4j.kernels.cuda;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import java.util.SplittableRandom;

/**
 * Randomized truncated SVD (Halko, Martinsson &amp; Tropp 2011, algorithms 4.4 and 5.1) with the big products on
 * the GPU and the small core on the CPU, the same algorithm as peft's CPU RandomizedSvd: Q = orth(W Omega) for an
 * n x l Gaussian Omega (l = k + oversampling), q power iterations Q = orth(W orth(W^T Q)), then the l x n matrix
 * B = Q^T W gets a dense SVD (EJML, double) and U = Q U_B. Only m x l and l x n matrices cross the bus.
 */
public final class GpuRandomizedSvd {
    private GpuRandomizedSvd() {}

    /** The top-k triplets of the row-major m x n matrix at device pointer w. */
    public static TruncatedSvd compute(CudaContext ctx, long w, int m, int n, int k, int oversampling, int powerIterations, long seed) {
        TruncatedSvd.checkRank(m, n, k);
        if (oversampling < 0 || powerIterations < 0)
            throw new IllegalArgumentException("oversampling and power iterations must be >= 0, got " + oversampling + ", " + powerIterations);
        int l = Math.min(k + oversampling, Math.min(m, n));
        DeviceGemm gemm = ctx.gemm();
        long st = ctx.stream();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] omega = new float[n * l];
        for (int i = 0; i < omega.length; i++) omega[i] = (float) rng.nextGaussian();
        long dOmega = ctx.upload(omega), dY = ctx.allocate(4L * m * l), dZ = ctx.allocate(4L * n * l), dB = ctx.allocate(4L * l * n);
        try {
            gemm.sgemm(st, false, false, m, l, n, 1f, w, n, 0, dOmega, l, 0, 0f, dY, l, 0, 1);          // Y = W Omega   (m x l)
            float[] q = orthonormalize(ctx.downloadFloats(dY, m * l), m, l);
            for (int it = 0; it < powerIterations; it++) {
                ctx.device().copyToDevice(dY, java.lang.foreign.MemorySegment.ofArray(q), st);
                gemm.sgemm(st, true, false, n, l, m, 1f, w, n, 0, dY, l, 0, 0f, dZ, l, 0, 1);        // Z = W^T Q     (n x l)
                float[] z = orthonormalize(ctx.downloadFloats(dZ, n * l), n, l);
                ctx.device().copyToDevice(dZ, java.lang.foreign.MemorySegment.ofArray(z), st);
                gemm.sgemm(st, false, false, m, l, n, 1f, w, n, 0, dZ, l, 0, 0f, dY, l, 0, 1);       // Y = W Z       (m x l)
                q = orthonormalize(ctx.downloadFloats(dY, m * l), m, l);
            }
            ctx.device().copyToDevice(dY, java.lang.foreign.MemorySegment.ofArray(q), st);
            gemm.sgemm(st, true, false, l, n, m, 1f, dY, l, 0, w, n, 0, 0f, dB, n, 0, 1);            // B = Q^T W     (l x n)
            float[] b = ctx.downloadFloats(dB, l * n);
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(l, n, true, true, true);
            if (!svd.decompose(toDouble(b, l, n)))
                throw new IllegalStateException("randomized SVD: EJML's SVD of the " + l + "x" + n + " projection did not converge");
            DMatrixRMaj ub = svd.getU(null, false), s = svd.getW(null), vb = svd.getV(null, false);
            SingularOps_DDRM.descendingOrder(ub, false, s, vb, false);
            float[] u = new float[m * k];                                                            // U = Q U_B[:, :k]
            for (int i = 0; i < m; i++)
                for (int j = 0; j < k; j++) {
                    double acc = 0;
                    for (int t = 0; t < l; t++) acc += (double) q[i * l + t] * ub.get(t, j);
                    u[i * k + j] = (float) acc;
                }
            float[] v = new float[n * k];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < k; j++) v[i * k + j] = (float) vb.get(i, j);
            double[] sv = new double[k];
            for (int i = 0; i < k; i++) sv[i] = s.get(i, i);
            return new TruncatedSvd(m, n, k, u, sv, v);
        } finally {
            ctx.free(dOmega);
            ctx.free(dY);
            ctx.free(dZ);
            ctx.free(dB);
        }
    }

    /** Orthonormal columns spanning the columns of a rows x cols row-major matrix (thin Householder QR, double). */
    static float[] orthonormalize(float[] x, int rows, int cols) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(rows, cols);
        if (!qr.decompose(toDouble(x, rows, cols))) throw new IllegalStateException("QR of a " + rows + "x" + cols + " matrix failed");
        DMatrixRMaj q = qr.getQ(null, true);
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) out[i * cols + j] = (float) q.get(i, j);
        return out;
    }

    static DMatrixRMaj toDouble(float[] f, int rows, int cols) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return DMatrixRMaj.wrap(rows, cols, d);
    }
}
