package org.peft4j.kernels.cuda;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cuSOLVER path's layout logic without a GPU: EJML factors exactly the column-major matrix gesvd would get
 * (A^T when n >= m, A when m > n), its factors are laid out column-major as gesvd returns them, and the triplets
 * must rebuild A's best rank-k approximation.
 */
class GesvdLayoutTest {
    @Test
    void tripletsFromGesvdsColumnMajorOutputsRebuildTheMatrix() {
        for (int[] shape : new int[][]{{12, 20}, {20, 12}, {9, 9}}) {
            int m = shape[0], n = shape[1], k = Math.min(m, n);
            float[] a = GpuSvdTest.decayingSpectrum(m, n, new Random(3));
            int rows = GesvdLayout.rows(m, n), cols = GesvdLayout.cols(m, n);
            DMatrixRMaj x = new DMatrixRMaj(rows, cols); // what gesvd sees: the column-major read of its input
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) x.set(i, j, GesvdLayout.wide(m, n) ? a[j * n + i] : a[i * n + j]);
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
            svd.decompose(x);
            DMatrixRMaj u = svd.getU(null, false), s = svd.getW(null), v = svd.getV(null, false);
            SingularOps_DDRM.descendingOrder(u, false, s, v, false);
            float[] uc = new float[rows * cols], sv = new float[cols], vt = new float[cols * cols];
            for (int j = 0; j < cols; j++) {
                sv[j] = (float) s.get(j, j);
                for (int i = 0; i < rows; i++) uc[i + j * rows] = (float) u.get(i, j);      // column-major U
                for (int i = 0; i < cols; i++) vt[i + j * cols] = (float) v.get(j, i);       // column-major V^T
            }
            TruncatedSvd t = GesvdLayout.triplets(m, n, k, uc, sv, vt);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int r = 0; r < k; r++) acc += t.u()[i * k + r] * t.s()[r] * t.v()[j * k + r];
                    assertEquals(a[i * n + j], acc, 1e-5, m + "x" + n + " element (" + i + ", " + j + ")");
                }
        }
    }
}
