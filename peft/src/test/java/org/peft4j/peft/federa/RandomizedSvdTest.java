package org.peft4j.peft.federa;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Linalg;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The randomized truncated SVD against EJML's full SVD on weight-sized matrices. */
class RandomizedSvdTest {
    /** W = U·diag(s)·Vᵀ with random orthonormal U [m, s.length], V [n, s.length], plus Gaussian noise of std sigma. */
    static Tensor matrix(int m, int n, double[] s, double sigma, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = s.length;
        Tensor u = RandomizedSvd.orthonormalize(gaussian(m, k, rng)), v = RandomizedSvd.orthonormalize(gaussian(n, k, rng));
        float[] us = u.toFloatArray();
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) us[i * k + j] *= (float) s[j];
        float[] w = Linalg.matmul(Tensor.of(us, m, k), v, false, true).toFloatArray();
        for (int i = 0; i < w.length; i++) w[i] += (float) (sigma * rng.nextGaussian());
        return Tensor.of(w, m, n);
    }

    static Tensor gaussian(int r, int c, SplittableRandom rng) {
        float[] d = new float[r * c];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return Tensor.of(d, r, c);
    }

    /** EJML's full SVD (values only), descending. */
    static double[] fullSingularValues(Tensor w) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(w.size(0), w.size(1), false, false, true);
        assertTrue(svd.decompose(RandomizedSvd.toDouble(w)));
        double[] s = Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
        Arrays.sort(s);
        for (int i = 0; i < s.length / 2; i++) { double t = s[i]; s[i] = s[s.length - 1 - i]; s[s.length - 1 - i] = t; }
        return s;
    }

    static void check(Tensor w, int k, int niter, double relTol) {
        double[] exact = fullSingularValues(w);
        TruncatedSvd svd = RandomizedSvd.compute(w, k, RandomizedSvd.Options.of(niter, 42));
        for (int i = 0; i < k; i++)
            assertEquals(exact[i], svd.s()[i], relTol * exact[i], "singular value " + i + " of " + w.size(0) + "x" + w.size(1));
        // U, V orthonormal
        assertOrthonormal(svd.u(), k);
        assertOrthonormal(svd.v(), k);
        // ||W − U S Vᵀ||_F against the optimum sqrt(Σ_{i≥k} σ_i²) (Eckart–Young)
        int m = w.size(0), n = w.size(1);
        float[] us = svd.u().toFloatArray();
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) us[i * k + j] *= (float) svd.s()[j];
        float[] approx = Linalg.matmul(Tensor.of(us, m, k), svd.v(), false, true).toFloatArray(), a = w.toFloatArray();
        double err = 0, opt = 0;
        for (int i = 0; i < a.length; i++) err += (a[i] - approx[i]) * (double) (a[i] - approx[i]);
        for (int i = k; i < exact.length; i++) opt += exact[i] * exact[i];
        assertTrue(Math.sqrt(err) <= Math.sqrt(opt) * (1 + relTol) + 1e-4 * exact[0],
                "reconstruction error " + Math.sqrt(err) + " vs optimal " + Math.sqrt(opt));
    }

    static void assertOrthonormal(Tensor q, int k) {
        float[] g = Linalg.matmul(q, q, true, false).toFloatArray();
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) assertEquals(i == j ? 1 : 0, g[i * k + j], 1e-4, "QᵀQ[" + i + "," + j + "]");
    }

    @Test
    void square768WithPowerLawSpectrum() {
        double[] s = new double[768];
        for (int i = 0; i < s.length; i++) s[i] = 10.0 / (1 + i);              // full rank, slowly decaying like trained weights
        check(matrix(768, 768, s, 0, 1), 8, 4, 1e-4);
    }

    @Test
    void wide768x3072LowRankPlusNoise() {
        double[] s = new double[64];
        for (int i = 0; i < s.length; i++) s[i] = 20 * Math.pow(0.9, i);
        check(matrix(768, 3072, s, 1e-3, 2), 16, 2, 1e-4);
    }

    @Test
    void tallAndTinyMatrices() {
        double[] s = {5, 3, 2, 1, 0.5};
        check(matrix(200, 5, s, 0, 3), 5, 0, 1e-4);                          // k = min(m, n): exact
        check(matrix(300, 40, s, 1e-4, 4), 3, 1, 1e-4);
        assertThrows(IllegalArgumentException.class, () -> RandomizedSvd.compute(Tensor.zeros(4, 3), 4, RandomizedSvd.Options.of(1, 0)));
    }
}
