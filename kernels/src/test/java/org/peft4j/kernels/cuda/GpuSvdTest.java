package org.peft4j.kernels.cuda;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The device truncated SVD (cuSOLVER on a GPU that has it, else the randomized SVD) against EJML's full SVD. */
class GpuSvdTest {
    static java.util.stream.Stream<String> kinds() { return TestDevices.kinds(); }

    @ParameterizedTest @MethodSource("kinds")
    void topTripletsMatchEjmlsFullSvdForTallAndWideMatrices(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        for (int[] shape : new int[][]{{48, 30}, {30, 48}}) {
            int m = shape[0], n = shape[1], k = 5;
            float[] w = decayingSpectrum(m, n, new Random(17));
            SingularValueDecomposition_F64<DMatrixRMaj> ref = DecompositionFactory_DDRM.svd(m, n, true, true, false);
            DMatrixRMaj wd = new DMatrixRMaj(m, n);
            for (int i = 0; i < w.length; i++) wd.data[i] = w[i];
            ref.decompose(wd.copy());
            DMatrixRMaj u = ref.getU(null, false), s = ref.getW(null), v = ref.getV(null, false);
            SingularOps_DDRM.descendingOrder(u, false, s, v, false);
            try (DeviceArrays d = new DeviceArrays(ctx)) {
                TruncatedSvd got = TruncatedSvd.compute(ctx, d.of(w), m, n, k, 2, 7);
                String what = kind + " " + m + "x" + n + " (" + (ctx.exactSvd() != null ? "cusolver" : "randomized") + ")";
                for (int j = 0; j < k; j++) {
                    assertEquals(s.get(j, j), got.s()[j], 1e-4 * s.get(0, 0), what + " singular value " + j);
                    double du = 0, dv = 0; // |<u_j, u_ref_j>| = 1 for the same direction up to sign
                    for (int i = 0; i < m; i++) du += got.u()[i * k + j] * u.get(i, j);
                    for (int i = 0; i < n; i++) dv += got.v()[i * k + j] * v.get(i, j);
                    assertEquals(1, Math.abs(du), 1e-3, what + " left vector " + j);
                    assertEquals(1, Math.abs(dv), 1e-3, what + " right vector " + j);
                }
            }
        }
    }

    /** Q1 diag(0.7^i) Q2^T with random orthonormal Q1, Q2: well-separated singular values. */
    static float[] decayingSpectrum(int m, int n, Random rng) {
        int r = Math.min(m, n);
        DMatrixRMaj q1 = orthonormal(m, r, rng), q2 = orthonormal(n, r, rng), sd = new DMatrixRMaj(r, r);
        for (int i = 0; i < r; i++) sd.set(i, i, 3 * Math.pow(0.7, i));
        DMatrixRMaj tmp = new DMatrixRMaj(m, r), w = new DMatrixRMaj(m, n);
        CommonOps_DDRM.mult(q1, sd, tmp);
        CommonOps_DDRM.multTransB(tmp, q2, w);
        float[] out = new float[m * n];
        for (int i = 0; i < out.length; i++) out[i] = (float) w.data[i];
        return out;
    }

    static DMatrixRMaj orthonormal(int rows, int cols, Random rng) {
        DMatrixRMaj g = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < g.data.length; i++) g.data[i] = rng.nextGaussian();
        var qr = DecompositionFactory_DDRM.qr(rows, cols);
        qr.decompose(g);
        return qr.getQ(null, true);
    }
}
