package org.peft4j.tensor.ops;

import java.util.Arrays;
import org.peft4j.kernels.cpu.Gemm;
import org.peft4j.tensor.Device;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

/**
 * Matrix products on CPU tensors, on top of {@link Gemm}. Results are fresh contiguous F32 heap tensors.
 *
 * <p>Operands are read in place wherever the GEMM can express their layout: any view whose last two dims have a
 * unit stride in one of them (so transposed views such as {@code w.transpose(0, 1)} cost nothing), with arbitrary
 * batch strides. The right operand may be a read-only F32/F16/BF16 segment (a frozen weight): it is widened panel
 * by panel inside the GEMM and never copied. Only a left operand (activations) in another layout or dtype is
 * copied to a contiguous F32 array first.
 */
public final class Linalg {
    private Linalg() {}

    /** NumPy matmul: 1-D operands are promoted (and the added dim removed), batch dims broadcast. */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, b, false, false);
    }

    /**
     * matmul(op(a), op(b)) where op transposes the last two dims when its flag is set (both operands must then have
     * at least 2 dims). Backward passes use it to form g·Bᵀ and Aᵀ·g without transposed copies.
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        long t0 = Trace.begin();
        requireFloatCpu("matmul", "a", a);
        requireFloatCpu("matmul", "b", b);
        if (a.dim() == 0 || b.dim() == 0)
            throw new IllegalArgumentException("matmul: operands need at least 1 dim, got " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
        if ((transA && a.dim() < 2) || (transB && b.dim() < 2))
            throw new IllegalArgumentException("matmul: a transposed operand needs at least 2 dims, got " + Shapes.str(a.shape())
                    + (transA ? "ᵀ" : "") + " and " + Shapes.str(b.shape()) + (transB ? "ᵀ" : ""));
        Tensor a2 = transA ? a.transpose(-1, -2) : a, b2 = transB ? b.transpose(-1, -2) : b;
        boolean aVector = a2.dim() == 1, bVector = b2.dim() == 1;
        if (aVector) a2 = a2.unsqueeze(0);
        if (bVector) b2 = b2.unsqueeze(1);
        int m = a2.size(-2), k = a2.size(-1), n = b2.size(-1);
        if (b2.size(-2) != k)
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + describe(a, transA) + " @ " + describe(b, transB)
                    + " (" + k + " vs " + b2.size(-2) + ")");
        int[] batch = Shapes.broadcast("matmul batch dims", leading(a2.shape()), leading(b2.shape()));
        int[] outShape = append(batch, m, n);
        float[] out = new float[Shapes.numel(outShape)];
        BatchedProduct.run(a2, b2, batch, out, 0f);
        Tensor result = Tensor.of(out, outShape);
        if (aVector) result = result.squeeze(-2);
        if (bVector) result = result.squeeze(-1);
        if (t0 != Trace.OFF) Trace.record(t0, matmulName(transA, transB), OpCost.matmul(result, k), result, a, b);
        return result;
    }

    /**
     * A linear layer, y = x·Wᵀ + bias: x [..., in], weight [out, in] (F32 heap or a read-only F32/F16/BF16 segment,
     * never copied), bias [out] or null. Returns [..., out].
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        long t0 = Trace.begin();
        requireFloatCpu("linear", "x", x);
        requireFloatCpu("linear", "weight", weight);
        if (weight.dim() != 2)
            throw new IllegalArgumentException("linear: weight must be [out, in], got " + Shapes.str(weight.shape()));
        int outFeatures = weight.size(0), in = weight.size(1);
        if (x.dim() < 1 || x.size(-1) != in)
            throw new IllegalArgumentException("linear: input " + Shapes.str(x.shape()) + " has last dim "
                    + (x.dim() < 1 ? "none" : x.size(-1)) + ", weight " + Shapes.str(weight.shape()) + " expects " + in);
        if (bias != null) {
            requireFloatCpu("linear", "bias", bias);
            if (bias.dim() != 1 || bias.size(0) != outFeatures)
                throw new IllegalArgumentException("linear: bias " + Shapes.str(bias.shape()) + " does not match weight "
                        + Shapes.str(weight.shape()) + " (expected [" + outFeatures + "])");
        }
        Tensor rows = Rows.fold(x);
        int r = rows.size(0);
        float[] out = new float[r * outFeatures];
        float beta = 0f;
        if (bias != null) {
            float[] b = bias.toFloatArray();
            for (int i = 0; i < r; i++) System.arraycopy(b, 0, out, i * outFeatures, outFeatures);
            beta = 1f;
        }
        BatchedProduct.run(rows, weight.transpose(0, 1), new int[0], out, beta);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = outFeatures;
        Tensor y = Tensor.of(out, outShape);
        if (t0 != Trace.OFF) Trace.record(t0, "linear", OpCost.matmul(y, in) + (bias == null ? 0 : y.numel()), y, x, weight, bias);
        return y;
    }

    /** Gradient of {@link #linear} with respect to x: dx = dy·W, [..., out] x [out, in] -> [..., in]. */
    public static Tensor linearGradInput(Tensor dy, Tensor weight) {
        if (weight.dim() != 2) throw new IllegalArgumentException("linearGradInput: weight must be [out, in], got " + Shapes.str(weight.shape()));
        if (dy.dim() < 1 || dy.size(-1) != weight.size(0))
            throw new IllegalArgumentException("linearGradInput: gradient " + Shapes.str(dy.shape()) + " does not match weight " + Shapes.str(weight.shape()));
        Tensor rows = Rows.fold(dy);
        Tensor g = matmul(rows, weight);
        int[] shape = dy.shape();
        shape[shape.length - 1] = weight.size(1);
        return g.view(shape);
    }

    /** Gradient of {@link #linear} with respect to the weight: dW = dyᵀ·x summed over all leading dims, [out, in]. */
    public static Tensor linearGradWeight(Tensor dy, Tensor x) {
        if (dy.dim() < 1 || x.dim() != dy.dim() || !Arrays.equals(leading1(dy.shape()), leading1(x.shape())))
            throw new IllegalArgumentException("linearGradWeight: gradient " + Shapes.str(dy.shape()) + " and input " + Shapes.str(x.shape())
                    + " must agree in all but the last dim");
        return matmul(Rows.fold(dy), Rows.fold(x), true, false);
    }

    /**
     * c = alpha·op(a)·op(b) + beta·c for 2-D operands, written into c (a heap F32 view with unit column stride),
     * e.g. to accumulate a gradient in place (beta = 1).
     */
    public static void matmulInto(Tensor c, Tensor a, boolean transA, Tensor b, boolean transB, float alpha, float beta) {
        long t0 = Trace.begin();
        requireFloatCpu("matmulInto", "a", a);
        requireFloatCpu("matmulInto", "b", b);
        if (a.dim() != 2 || b.dim() != 2 || c.dim() != 2)
            throw new IllegalArgumentException("matmulInto: operands must be 2-D, got c " + Shapes.str(c.shape()) + ", a " + Shapes.str(a.shape())
                    + ", b " + Shapes.str(b.shape()));
        Tensor a2 = transA ? a.transpose(0, 1) : a, b2 = transB ? b.transpose(0, 1) : b;
        int m = a2.size(0), k = a2.size(1), n = b2.size(1);
        if (b2.size(0) != k || c.size(0) != m || c.size(1) != n)
            throw new IllegalArgumentException("matmulInto: " + describe(a, transA) + " @ " + describe(b, transB) + " does not fit c " + Shapes.str(c.shape()));
        if (!GemmOperand.isHeapF32(c) || (n > 1 && c.stride(1) != 1) || (m > 1 && c.stride(0) < n))
            throw new IllegalArgumentException("matmulInto: c must be a writable F32 heap matrix with unit column stride, got " + c.dtype()
                    + " " + Shapes.str(c.shape()) + " strides " + Shapes.str(c.strides()));
        BatchedProduct.gemm2d(alpha, a2, b2, beta, c.floatArray(), c.offset(), m > 1 ? c.stride(0) : Math.max(n, 1));
        if (t0 != Trace.OFF) Trace.record(t0, matmulName(transA, transB) + "_into", OpCost.matmul(c, k), c, a, b);
    }

    /** BLAS-style names: matmul_nt is a·bᵀ, matmul_tn is aᵀ·b (how backward passes form their products). */
    private static String matmulName(boolean transA, boolean transB) {
        return transA || transB ? "matmul_" + (transA ? "t" : "n") + (transB ? "t" : "n") : "matmul";
    }

    private static void requireFloatCpu(String op, String name, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": " + name + " is null");
        if (!t.dtype().isFloating())
            throw new IllegalArgumentException(op + ": " + name + " must be a floating tensor, got " + t.dtype() + " " + Shapes.str(t.shape()));
        if (!t.device().equals(Device.CPU))
            throw new IllegalArgumentException(op + ": " + name + " is on " + t.device() + "; Linalg runs on CPU tensors");
    }

    private static String describe(Tensor t, boolean trans) { return Shapes.str(t.shape()) + (trans ? "ᵀ" : ""); }

    private static int[] leading(int[] shape) { return Arrays.copyOf(shape, shape.length - 2); }

    private static int[] leading1(int[] shape) { return Arrays.copyOf(shape, shape.length - 1); }

    static int[] append(int[] lead, int... tail) {
        int[] out = Arrays.copyOf(lead, lead.length + tail.length);
        System.arraycopy(tail, 0, out, lead.length, tail.length);
        return out;
    }
}
