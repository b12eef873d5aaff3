package org.peft4j.kernels.cpu;

/** Scalar reference for {@link Activations}, in double with {@link ScalarMath#erfc} and Math.tanh. */
public final class ActivationsReference {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double C = 0.044715;

    private ActivationsReference() {}

    public static double gelu(double x) { return 0.5 * x * ScalarMath.erfc(-x / Math.sqrt(2)); }

    public static double geluDerivative(double x) {
        return 0.5 * ScalarMath.erfc(-x / Math.sqrt(2)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }

    /** The textbook tanh form 0.5 x (1 + tanh(u)), except where 1 + tanh(u) cancels (evaluated as 2 sigmoid(2u)). */
    public static double geluTanh(double x) {
        double u = SQRT_2_OVER_PI * (x + C * x * x * x);
        return u > -1 ? 0.5 * x * (1 + Math.tanh(u)) : x / (1 + Math.exp(-2 * u));
    }

    public static double geluTanhDerivative(double x) {
        double u = SQRT_2_OVER_PI * (x + C * x * x * x);
        double du = SQRT_2_OVER_PI * (1 + 3 * C * x * x);
        double t = Math.tanh(u);
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
    }

    public static double silu(double x) { return x / (1 + Math.exp(-x)); }

    public static double siluDerivative(double x) {
        double s = 1 / (1 + Math.exp(-x));
        return s * (1 + x * (1 - s));
    }

    public static void gelu(int n, float[] x, int xOff, float[] out, int outOff) {
        Activations.check("gelu", n, x, xOff, null, 0, out, outOff);
        for (int i = 0; i < n; i++) out[outOff + i] = (float) gelu(x[xOff + i]);
    }

    public static void geluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Activations.check("gelu_backward", n, x, xOff, dy, dyOff, dx, dxOff);
        for (int i = 0; i < n; i++) dx[dxOff + i] = (float) (dy[dyOff + i] * geluDerivative(x[xOff + i]));
    }

    public static void geluTanh(int n, float[] x, int xOff, float[] out, int outOff) {
        Activations.check("gelu_tanh", n, x, xOff, null, 0, out, outOff);
        for (int i = 0; i < n; i++) out[outOff + i] = (float) geluTanh(x[xOff + i]);
    }

    public static void geluTanhBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Activations.check("gelu_tanh_backward", n, x, xOff, dy, dyOff, dx, dxOff);
        for (int i = 0; i < n; i++) dx[dxOff + i] = (float) (dy[dyOff + i] * geluTanhDerivative(x[xOff + i]));
    }

    public static void silu(int n, float[] x, int xOff, float[] out, int outOff) {
        Activations.check("silu", n, x, xOff, null, 0, out, outOff);
        for (int i = 0; i < n; i++) out[outOff + i] = (float) silu(x[xOff + i]);
    }

    public static void siluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Activations.check("silu_backward", n, x, xOff, dy, dyOff, dx, dxOff);
        for (int i = 0; i < n; i++) dx[dxOff + i] = (float) (dy[dyOff + i] * siluDerivative(x[xOff + i]));
    }
}
