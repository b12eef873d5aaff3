package org.peft4j.kernels.cpu;

/**
 * Scalar reference for {@link Elementwise}: the same signatures, one element at a time, arithmetic in double.
 * Output is contiguous over sizes; inputs are strided views (stride 0 broadcasts).
 */
public final class ElementwiseReference {
    private ElementwiseReference() {}

    public static void unary(UnaryOp op, int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff) {
        int n = Elementwise.checkUnary(op, sizes, x, xOff, xStrides, out, outOff);
        for (int i = 0; i < n; i++)
            out[outOff + i] = (float) op.apply(x[Strided.offsetOf(i, xOff, sizes, xStrides)]);
    }

    public static void binary(BinaryOp op, int[] sizes, float[] a, int aOff, int[] aStrides,
                              float[] b, int bOff, int[] bStrides, float[] out, int outOff) {
        int n = Elementwise.checkBinary(op, sizes, a, aOff, aStrides, b, bOff, bStrides, out, outOff);
        for (int i = 0; i < n; i++)
            out[outOff + i] = (float) op.apply(a[Strided.offsetOf(i, aOff, sizes, aStrides)], b[Strided.offsetOf(i, bOff, sizes, bStrides)]);
    }

    public static void where(int[] sizes, float[] cond, int cOff, int[] cStrides, float[] a, int aOff, int[] aStrides,
                             float[] b, int bOff, int[] bStrides, float[] out, int outOff) {
        int n = Elementwise.checkWhere(sizes, cond, cOff, cStrides, a, aOff, aStrides, b, bOff, bStrides, out, outOff);
        for (int i = 0; i < n; i++) {
            boolean c = cond[Strided.offsetOf(i, cOff, sizes, cStrides)] != 0f;
            out[outOff + i] = c ? a[Strided.offsetOf(i, aOff, sizes, aStrides)] : b[Strided.offsetOf(i, bOff, sizes, bStrides)];
        }
    }
}
