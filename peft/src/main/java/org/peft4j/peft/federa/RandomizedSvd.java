package org.peft4j.peft.federa;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Linalg;

import java.util.SplittableRandom;

/**
 * Randomized truncated SVD (Halko, Martinsson &amp; Tropp 2011, algorithms 4.4 and 5.1): the top-k singular triplets
 * of a large W from products with a thin random test matrix, as torch.svd_lowrank (PEFT's {@code pissa_niter_K})
 * computes them, with oversampling added.
 * <ol>
 *   <li>Ω: n×l Gaussian, l = k + oversampling; Q = orth(W·Ω) — the range of W;</li>
 *   <li>q power (subspace) iterations Q = orth(W·orth(Wᵀ·Q)) sharpen it when the spectrum decays slowly,
 *       re-orthonormalising every product so small singular directions survive in float32;</li>
 *   <li>the small l×n matrix Qᵀ·W gets a dense SVD Ũ·Σ·Vᵀ, and U = Q·Ũ.</li>
 * </ol>
 * The big products (m·n·l flops each) run on our GEMM in float32; the thin QR and the l×n SVD run in double on
 * EJML.
 */
public final class RandomizedSvd {
    private RandomizedSvd() {}

    /**
     * @param oversampling   extra test vectors beyond k (HMT suggest 5–10)
     * @param powerIterations subspace iterations q (PEFT's niter)
     * @param seed           seed of the Gaussian test matrix
     */
    public record Options(int oversampling, int powerIterations, long seed) {
        public Options {
            if (oversampling < 0) throw new IllegalArgumentException("oversampling must be >= 0, got " + oversampling);
            if (powerIterations < 0) throw new IllegalArgumentException("power iterations must be >= 0, got " + powerIterations);
        }

        public static Options of(int powerIterations, long seed) { return new Options(10, powerIterations, seed); }
    }

    /** The top-k triplets of w [m, n] (any float dtype, any layout; read once into F32). */
    public static TruncatedSvd compute(Tensor w, int k, Options o) {
        if (w.dim() != 2) throw new IllegalArgumentException("randomized SVD: expected a matrix, found shape " + Shapes.str(w.shape()));
        int m = w.size(0), n = w.size(1);
        if (k < 1 || k > Math.min(m, n))
            throw new IllegalArgumentException("randomized SVD: rank " + k + " must be between 1 and min(m, n) = " + Math.min(m, n) + " for a " + m + "×" + n + " matrix");
        Tensor a = w.toF32();
        int l = Math.min(k + o.oversampling(), Math.min(m, n));
        Tensor omega = gaussian(n, l, new SplittableRandom(o.seed()));
        Tensor q = orthonormalize(Linalg.matmul(a, omega));                      // m×l
        for (int i = 0; i < o.powerIterations(); i++) {
            Tensor z = orthonormalize(Linalg.matmul(a, q, true, false));          // n×l: range of Wᵀ
            q = orthonormalize(Linalg.matmul(a, z));                              // m×l
        }
        Tensor b = Linalg.matmul(q, a, true, false);                              // l×n = Qᵀ·W
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(l, n, true, true, true);
        if (!svd.decompose(toDouble(b)))
            throw new IllegalStateException("randomized SVD: EJML's SVD of the " + l + "×" + n + " projection did not converge");
        DMatrixRMaj ub = svd.getU(null, false), s = svd.getW(null), vb = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(ub, false, s, vb, false);
        Tensor u = Linalg.matmul(q, toFloat(ub, k));                              // m×k = Q·Ũ[:, :k]
        double[] sv = new double[k];
        for (int i = 0; i < k; i++) sv[i] = s.get(i, i);
        return new TruncatedSvd(u, sv, toFloat(vb, k));
    }

    /** Orthonormal columns spanning x's columns (thin Householder QR in double). */
    static Tensor orthonormalize(Tensor x) {
        int rows = x.size(0), cols = x.size(1);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(rows, cols);
        if (!qr.decompose(toDouble(x))) throw new IllegalStateException("QR of a " + rows + "×" + cols + " matrix failed");
        return toFloat(qr.getQ(null, true), cols);
    }

    private static Tensor gaussian(int rows, int cols, SplittableRandom rng) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return Tensor.of(d, rows, cols);
    }

    static DMatrixRMaj toDouble(Tensor t) {
        float[] f = t.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return DMatrixRMaj.wrap(t.size(0), t.size(1), d);
    }

    /** The first {@code cols} columns of a double matrix as a float tensor. */
    static Tensor toFloat(DMatrixRMaj m, int cols) {
        int rows = m.numRows;
        float[] f = new float[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) f[i * cols + j] = (float) m.get(i, j);
        return Tensor.of(f, rows, cols);
    }
}
