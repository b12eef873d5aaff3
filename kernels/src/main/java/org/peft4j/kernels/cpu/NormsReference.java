package org.peft4j.kernels.cpu;

/** Scalar reference for {@link Norms}: the textbook formulas, one row at a time, arithmetic in double. */
public final class NormsReference {
    private NormsReference() {}

    public static void layerNorm(int rows, int h, float[] x, int xOff, float[] gamma, int gOff, float[] beta, int bOff, float eps,
                                 float[] out, int outOff, float[] mean, int meanOff, float[] rstd, int rstdOff) {
        Norms.checkForward("layer_norm", rows, h, x, xOff, gamma, gOff, beta, bOff, out, outOff, mean, meanOff, rstd, rstdOff);
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * h;
            double mu = 0, var = 0;
            for (int j = 0; j < h; j++) mu += x[xo + j];
            mu /= h;
            for (int j = 0; j < h; j++) var += (x[xo + j] - mu) * (x[xo + j] - mu);
            double rs = 1 / Math.sqrt(var / h + eps);
            if (mean != null) mean[meanOff + r] = (float) mu;
            rstd[rstdOff + r] = (float) rs;
            for (int j = 0; j < h; j++)
                out[outOff + r * h + j] = (float) ((x[xo + j] - mu) * rs * (gamma == null ? 1 : gamma[gOff + j]) + (beta == null ? 0 : beta[bOff + j]));
        }
    }

    public static void layerNormBackward(int rows, int h, float[] dy, int dyOff, float[] x, int xOff, float[] gamma, int gOff,
                                         float[] mean, int meanOff, float[] rstd, int rstdOff, float[] dx, int dxOff,
                                         float[] dgamma, int dgOff, float[] dbeta, int dbOff) {
        Norms.checkBackward("layer_norm_backward", rows, h, dy, dyOff, x, xOff, gamma, gOff, mean, meanOff, rstd, rstdOff, dx, dxOff, dgamma, dgOff, dbeta, dbOff);
        backward(true, rows, h, dy, dyOff, x, xOff, gamma, gOff, mean, meanOff, rstd, rstdOff, dx, dxOff, dgamma, dgOff, dbeta, dbOff);
    }

    public static void rmsNorm(int rows, int h, float[] x, int xOff, float[] gamma, int gOff, float eps,
                               float[] out, int outOff, float[] rstd, int rstdOff) {
        Norms.checkForward("rms_norm", rows, h, x, xOff, gamma, gOff, null, 0, out, outOff, null, 0, rstd, rstdOff);
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * h;
            double ss = 0;
            for (int j = 0; j < h; j++) ss += (double) x[xo + j] * x[xo + j];
            double rs = 1 / Math.sqrt(ss / h + eps);
            rstd[rstdOff + r] = (float) rs;
            for (int j = 0; j < h; j++) out[outOff + r * h + j] = (float) (x[xo + j] * rs * (gamma == null ? 1 : gamma[gOff + j]));
        }
    }

    public static void rmsNormBackward(int rows, int h, float[] dy, int dyOff, float[] x, int xOff, float[] gamma, int gOff,
                                       float[] rstd, int rstdOff, float[] dx, int dxOff, float[] dgamma, int dgOff) {
        Norms.checkBackward("rms_norm_backward", rows, h, dy, dyOff, x, xOff, gamma, gOff, null, 0, rstd, rstdOff, dx, dxOff, dgamma, dgOff, null, 0);
        backward(false, rows, h, dy, dyOff, x, xOff, gamma, gOff, null, 0, rstd, rstdOff, dx, dxOff, dgamma, dgOff, null, 0);
    }

    private static void backward(boolean centred, int rows, int h, float[] dy, int dyOff, float[] x, int xOff, float[] gamma, int gOff,
                                 float[] mean, int meanOff, float[] rstd, int rstdOff, float[] dx, int dxOff,
                                 float[] dgamma, int dgOff, float[] dbeta, int dbOff) {
        double[] dg = new double[h], db = new double[h];
        for (int r = 0; r < rows; r++) {
            double mu = centred ? mean[meanOff + r] : 0, rs = rstd[rstdOff + r];
            double sumG = 0, sumGx = 0;
            for (int j = 0; j < h; j++) {
                double d = dy[dyOff + r * h + j], xhat = (x[xOff + r * h + j] - mu) * rs;
                double g = d * (gamma == null ? 1 : gamma[gOff + j]);
                sumG += g;
                sumGx += g * xhat;
                dg[j] += d * xhat;
                db[j] += d;
            }
            for (int j = 0; j < h; j++) {
                double d = dy[dyOff + r * h + j], xhat = (x[xOff + r * h + j] - mu) * rs;
                double g = d * (gamma == null ? 1 : gamma[gOff + j]);
                dx[dxOff + r * h + j] = (float) (rs * (g - (centred ? sumG / h : 0) - xhat * sumGx / h));
            }
        }
        for (int j = 0; j < h; j++) {
            if (dgamma != null) dgamma[dgOff + j] = (float) dg[j];
            if (dbeta != null) dbeta[dbOff + j] = (float) db[j];
        }
    }
}
