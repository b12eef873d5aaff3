package org.peft4j.kernels.cpu;

import org.peft4j.kernels.jfr.KernelEvent;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * LayerNorm and RMSNorm over the last axis of contiguous [rows, h] arrays. Forward saves the per-row statistics
 * that backward needs (mean and rstd = 1/sqrt(var + eps), biased variance as PyTorch; RMSNorm saves only rstd =
 * 1/sqrt(mean(x^2) + eps)). gamma and beta may be null (1 and 0). Backward overwrites dx and, when non-null,
 * dgamma and dbeta (their sums over rows).
 */
public final class Norms {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Norms() {}

    static void checkForward(String op, int rows, int h, float[] x, int xOff, float[] gamma, int gOff, float[] beta, int bOff,
                             float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff) {
        Strided.checkNonNegative(op, "rows", rows);
        Strided.checkPositive(op, "h", h);
        int n = Strided.product(op, rows, h);
        Strided.checkRange(op, "x", x.length, xOff, n);
        if (gamma != null) Strided.checkRange(op, "gamma", gamma.length, gOff, h);
        if (beta != null) Strided.checkRange(op, "beta", beta.length, bOff, h);
        Strided.checkRange(op, "out", out.length, outOff, n);
        if (mean != null) Strided.checkRange(op, "mean", mean.length, meanOff, rows);
        Strided.checkRange(op, "rstd", rstd.length, rstdOff, rows);
    }

    static void checkBackward(String op, int rows, int h, float[] dy, int dyOff, float[] x, int xOff, float[] gamma, int gOff,
                              float[] mean, int meanOff, float[] rstd, int rstdOff, float[] dx, int dxOff,
                              float[] dgamma, int dgOff, float[] dbeta, int dbOff) {
        Strided.checkNonNegative(op, "rows", rows);
        Strided.checkPositive(op, "h", h);
        int n = Strided.product(op, rows, h);
        Strided.checkRange(op, "dy", dy.length, dyOff, n);
        Strided.checkRange(op, "x", x.length, xOff, n);
        if (gamma != null) Strided.checkRange(op, "gamma", gamma.length, gOff, h);
        if (mean != null) Strided.checkRange(op, "mean", mean.length, meanOff, rows);
        Strided.checkRange(op, "rstd", rstd.length, rstdOff, rows);
        Strided.checkRange(op, "dx", dx.length, dxOff, n);
        if (dgamma != null) Strided.checkRange(op, "dgamma", dgamma.length, dgOff, h);
        if (dbeta != null) Strided.checkRange(op, "dbeta", dbeta.length, dbOff, h);
    }

    // ---------------------------------------------------------------- LayerNorm

    public static void layerNorm(int rows, int h, float[] x, int xOff, float[] gamma, int gOff, float[] beta, int bOff, float eps,
                                 float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff) {
        checkForward("layer_norm", rows, h, x, xOff, gamma, gOff, beta, bOff, out, outOff, mean, meanOff, rstd, rstdOff);
        KernelEvent event = KernelEvent.start();
        KernelPool.forEachPiece(rows, KernelPool.rowsPerPiece(h), (r0, r1) -> layerNormRows(r1 - r0, h, x, xOff + r0 * h,
                gamma, gOff, beta, bOff, eps, out, outOff + r0 * h, mean, meanOff + r0, rstd, rstdOff + r0));
        KernelEvent.rows(event, "layer_norm", rows, h, 8, 2);
    }

    private static void layerNormRows(int rows, int h, float[] x, int xOff, float[] gamma, int gOff, float[] beta, int bOff, float eps,
                                      float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff) {
        // absent affine parameters become explicit ones/zeros: a conditional inside a vector loop makes the JIT box vectors
        if (gamma == null) { gamma = ones(h); gOff = 0; }
        if (beta == null) { beta = new float[h]; bOff = 0; }
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * h, oo = outOff + r * h;
            float mu = Reductions.rowSum(x, xo, h) / h;
            FloatVector vmu = FloatVector.broadcast(S, mu);
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (int u = S.loopBound(h); j < u; j += L) {
                FloatVector d = FloatVector.fromArray(S, x, xo + j).sub(vmu);
                acc = d.fma(d, acc);
            }
            float ss = VectorMath.sumLanes(acc);
            for (; j < h; j++) { float d = x[xo + j] - mu; ss += d * d; }
            float rs = (float) (1.0 / Math.sqrt(ss / h + eps));
            if (mean != null) mean[meanOff + r] = mu;
            rstd[rstdOff + r] = rs;
            FloatVector vrs = FloatVector.broadcast(S, rs);
            j = 0;
            for (int u = S.loopBound(h); j < u; j += L)
                FloatVector.fromArray(S, x, xo + j).sub(vmu).mul(vrs)
                        .fma(FloatVector.fromArray(S, gamma, gOff + j), FloatVector.fromArray(S, beta, bOff + j)).intoArray(out, oo + j);
            for (; j < h; j++) out[oo + j] = (x[xo + j] - mu) * rs * gamma[gOff + j] + beta[bOff + j];
        }
    }

    /**
     * With xhat = (x - mean) * rstd and g = dy * gamma: dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),
     * dgamma = sum over rows of dy * xhat, dbeta = sum over rows of dy.
     */
    public static void layerNormBackward(int rows, int h, float[] dy, int dyOff, float[] x, int xOff, float[] gamma, int gOff,
                                         float[] mean, int meanOff, float[] rstd, int rstdOff, float[] dx, int dxOff,
                                         float[] dgamma, int dgOff, float[] dbeta, int dbOff) {
        if (mean == null) throw new IllegalArgumentException("layer_norm_backward: mean is required");
        checkBackward("layer_norm_backward", rows, h, dy, dyOff, x, xOff, gamma, gOff, mean, meanOff, rstd, rstdOff, dx, dxOff, dgamma, dgOff, dbeta, dbOff);
        KernelEvent event = KernelEvent.start();
        normBackwardInPieces(true, rows, h, dy, dyOff, x, xOff, gamma, gOff, mean, meanOff, rstd, rstdOff, dx, dxOff, dgamma, dgOff, dbeta, dbOff);
        KernelEvent.rows(event, "layer_norm_backward", rows, h, 13, 3);
    }

    // ---------------------------------------------------------------- RMSNorm

    public static void rmsNorm(int rows, int h, float[] x, int xOff, float[] gamma, int gOff, float eps,
                               float[] out, int outOff, float[] rstd, int rstdOff) {
        checkForward("rms_norm", rows, h, x, xOff, gamma, gOff, null, 0, out, outOff, null, 0, rstd, rstdOff);
        KernelEvent event = KernelEvent.start();
        KernelPool.forEachPiece(rows, KernelPool.rowsPerPiece(h), (r0, r1) -> rmsNormRows(r1 - r0, h, x, xOff + r0 * h,
                gamma, gOff, eps, out, outOff + r0 * h, rstd, rstdOff + r0));
        KernelEvent.rows(event, "rms_norm", rows, h, 4, 2);
    }

    private static void rmsNormRows(int rows, int h, float[] x, int xOff, float[] gamma, int gOff, float eps,
                                    float[] out, int outOff, float[] rstd, int rstdOff) {
        if (gamma == null) { gamma = ones(h); gOff = 0; }
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * h, oo = outOff + r * h;
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (int u = S.loopBound(h); j < u; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + j);
                acc = v.fma(v, acc);
            }
            float ss = VectorMath.sumLanes(acc);
            for (; j < h; j++) ss += x[xo + j] * x[xo + j];
            float rs = (float) (1.0 / Math.sqrt(ss / h + eps));
            rstd[rstdOff + r] = rs;
            FloatVector vrs = FloatVector.broadcast(S, rs);
            j = 0;
            for (int u = S.loopBound(h); j < u; j += L)
                FloatVector.fromArray(S, x, xo + j).mul(vrs).mul(FloatVector.fromArray(S, gamma, gOff + j)).intoArray(out, oo + j);
            for (; j < h; j++) out[oo + j] = x[xo + j] * rs * gamma[gOff + j];
        }
    }

    /** With xhat = x * rstd and g = dy * gamma: dx = rstd * (g - xhat * mean(g * xhat)), dgamma = sum of dy * xhat. */
    public static void rmsNormBackward(int rows, int h, float[] dy, int dyOff, float[] x, int xOff, float[] gamma, int gOff,
                                       float[] rstd, int rstdOff, float[] dx, int dxOff, float[] dgamma, int dgOff) {
        checkBackward("rms_norm_backward", rows, h, dy, dyOff, x, xOff, gamma, gOff, null, 0, rstd, rstdOff, dx, dxOff, dgamma, dgOff, null, 0);
        KernelEvent event = KernelEvent.start();
        normBackwardInPieces(false, rows, h, dy, dyOff, x, xOff, gamma, gOff, null, 0, rstd, rstdOff, dx, dxOff, dgamma, dgOff, null, 0);
        KernelEvent.rows(event, "rms_norm_backward", rows, h, 8, 3);
    }

    /**
     * {@link #normBackward} over fixed pieces of rows on the kernel pool. dx rows are independent; the parameter
     * gradients are summed per piece into partial buffers and the partials added in piece order, so the result
     * is the same on any number of threads (with one piece it is the plain row-by-row sum).
     */
    private static void normBackwardInPieces(boolean centred, int rows, int h, float[] dy, int dyOff, float[] x, int xOff, float[] gamma,
                                             int gOff, float[] mean, int meanOff, float[] rstd, int rstdOff, float[] dx, int dxOff,
                                             float[] dgamma, int dgOff, float[] dbeta, int dbOff) {
        int per = KernelPool.rowsPerPiece(h);
        int pieces = (rows + per - 1) / per;
        if (pieces <= 1) {
            normBackward(centred, rows, h, dy, dyOff, x, xOff, gamma, gOff, mean, meanOff, rstd, rstdOff, dx, dxOff, dgamma, dgOff, dbeta, dbOff);
            return;
        }
        float[][] pg = dgamma == null ? null : new float[pieces][h], pb = dbeta == null ? null : new float[pieces][h];
        KernelPool.forEachPiece(rows, per, (r0, r1) -> {
            int p = r0 / per;
            normBackward(centred, r1 - r0, h, dy, dyOff + r0 * h, x, xOff + r0 * h, gamma, gOff, mean, centred ? meanOff + r0 : 0,
                    rstd, rstdOff + r0, dx, dxOff + r0 * h, pg == null ? null : pg[p], 0, pb == null ? null : pb[p], 0);
        });
        if (pg != null) addPieces(pg, dgamma, dgOff, h);
        if (pb != null) addPieces(pb, dbeta, dbOff, h);
    }

    /** out[off..off+h) = partials[0] + partials[1] + ... in that order. */
    private static void addPieces(float[][] partials, float[] out, int off, int h) {
        System.arraycopy(partials[0], 0, out, off, h);
        for (int p = 1; p < partials.length; p++) {
            float[] part = partials[p];
            int j = 0;
            for (int u = S.loopBound(h); j < u; j += L)
                FloatVector.fromArray(S, out, off + j).add(FloatVector.fromArray(S, part, j)).intoArray(out, off + j);
            for (; j < h; j++) out[off + j] += part[j];
        }
    }

    /** Shared backward; centred selects LayerNorm (subtract the mean of x and of g) over RMSNorm. */
    private static void normBackward(boolean centred, int rows, int h, float[] dy, int dyOff, float[] x, int xOff, float[] gamma, int gOff,
                                     float[] mean, int meanOff, float[] rstd, int rstdOff, float[] dx, int dxOff,
                                     float[] dgamma, int dgOff, float[] dbeta, int dbOff) {
        if (gamma == null) { gamma = ones(h); gOff = 0; }
        if (dgamma != null) java.util.Arrays.fill(dgamma, dgOff, dgOff + h, 0f);
        if (dbeta != null) java.util.Arrays.fill(dbeta, dbOff, dbOff + h, 0f);
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * h, go = dyOff + r * h, oo = dxOff + r * h;
            float mu = centred ? mean[meanOff + r] : 0f, rs = rstd[rstdOff + r];
            FloatVector vmu = FloatVector.broadcast(S, mu), vrs = FloatVector.broadcast(S, rs);
            // pass 1: sums of g and g*xhat; accumulate dgamma and dbeta
            FloatVector sg = FloatVector.zero(S), sgx = sg;
            int j = 0;
            for (int u = S.loopBound(h); j < u; j += L) {
                FloatVector d = FloatVector.fromArray(S, dy, go + j);
                FloatVector xhat = FloatVector.fromArray(S, x, xo + j).sub(vmu).mul(vrs);
                FloatVector g = d.mul(FloatVector.fromArray(S, gamma, gOff + j));
                sg = sg.add(g);
                sgx = g.fma(xhat, sgx);
                if (dgamma != null) d.fma(xhat, FloatVector.fromArray(S, dgamma, dgOff + j)).intoArray(dgamma, dgOff + j);
                if (dbeta != null) d.add(FloatVector.fromArray(S, dbeta, dbOff + j)).intoArray(dbeta, dbOff + j);
            }
            float sumG = VectorMath.sumLanes(sg), sumGx = VectorMath.sumLanes(sgx);
            for (; j < h; j++) {
                float d = dy[go + j], xhat = (x[xo + j] - mu) * rs;
                float g = d * gamma[gOff + j];
                sumG += g;
                sumGx += g * xhat;
                if (dgamma != null) dgamma[dgOff + j] += d * xhat;
                if (dbeta != null) dbeta[dbOff + j] += d;
            }
            float meanG = centred ? sumG / h : 0f, meanGx = sumGx / h;
            // pass 2: dx
            FloatVector vmg = FloatVector.broadcast(S, meanG), vmgx = FloatVector.broadcast(S, meanGx);
            j = 0;
            for (int u = S.loopBound(h); j < u; j += L) {
                FloatVector d = FloatVector.fromArray(S, dy, go + j);
                FloatVector xhat = FloatVector.fromArray(S, x, xo + j).sub(vmu).mul(vrs);
                FloatVector g = d.mul(FloatVector.fromArray(S, gamma, gOff + j));
                g.sub(vmg).sub(xhat.mul(vmgx)).mul(vrs).intoArray(dx, oo + j);
            }
            for (; j < h; j++) {
                float d = dy[go + j], xhat = (x[xo + j] - mu) * rs;
                float g = d * gamma[gOff + j];
                dx[oo + j] = rs * (g - meanG - xhat * meanGx);
            }
        }
    }

    private static float[] ones(int h) {
        float[] a = new float[h];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
