package org.peft4j.kernels.cuda;

import org.peft4j.kernels.cpu.BinaryOp;
import org.peft4j.kernels.cpu.UnaryOp;

import java.util.Arrays;

/**
 * Typed launches of the CUDA kernels: argument checks with messages that name the operation, launch
 * geometry, and the parameter list in the kernel's order. Pointers are device addresses (0 = null for optional
 * inputs); element offsets are folded into them by the caller. All float data is fp32 unless stated.
 * Semantics match the CPU twins in org.peft4j.kernels.cpu (see each .cu file).
 */
public final class CudaKernels {
    static final int BLOCK = 256;
    static final int GEMM_TILE = 128, GEMM_THREADS = 256;
    /** The code of the strided-copy "unary op" in elementwise.cu. */
    static final int COPY_CODE = 100;

    private CudaKernels() {}

    // ------------------------------------------------------------------ elementwise

    public static void unary(DeviceApi d, long stream, UnaryOp op, int[] sizes, long x, int[] xStrides, long out) {
        unaryCode(d, stream, op.ordinal(), sizes, x, xStrides, out, "unary " + op);
    }

    /** A contiguous copy of a strided view (transpose, narrow, expand made real). */
    public static void copy(DeviceApi d, long stream, int[] sizes, long x, int[] xStrides, long out) {
        unaryCode(d, stream, COPY_CODE, sizes, x, xStrides, out, "strided copy");
    }

    private static void unaryCode(DeviceApi d, long stream, int code, int[] sizes, long x, int[] xStrides, long out, String op) {
        long n = numel(op, sizes);
        if (n == 0) return;
        require(op, "x", x);
        require(op, "out", out);
        d.launch(Kernel.EW_UNARY, LaunchConfig.linear(n, BLOCK), new KernelArgs().i32(code).i64(n).view(sizes, xStrides).ptr(x).ptr(out), stream);
    }

    /** out = x op s, elementwise over a strided x. */
    public static void scalar(DeviceApi d, long stream, BinaryOp op, int[] sizes, long x, int[] xStrides, float s, long out) {
        long n = numel("scalar " + op, sizes);
        if (n == 0) return;
        d.launch(Kernel.EW_SCALAR, LaunchConfig.linear(n, BLOCK), new KernelArgs().i32(op.ordinal()).i64(n).view(sizes, xStrides).ptr(x).f32(s).ptr(out), stream);
    }

    /** out = a op b with a and b broadcast to sizes (stride 0 along broadcast dims). */
    public static void binary(DeviceApi d, long stream, BinaryOp op, int[] sizes, long a, int[] aStrides, long b, int[] bStrides, long out) {
        long n = numel("binary " + op, sizes);
        if (n == 0) return;
        d.launch(Kernel.EW_BINARY, LaunchConfig.linear(n, BLOCK), new KernelArgs().i32(op.ordinal()).i64(n).view2(sizes, aStrides, bStrides).ptr(a).ptr(b).ptr(out), stream);
    }

    public static void where(DeviceApi d, long stream, int[] sizes, long cond, int[] cStrides, long a, int[] aStrides, long b, int[] bStrides, long out) {
        long n = numel("where", sizes);
        if (n == 0) return;
        d.launch(Kernel.EW_WHERE, LaunchConfig.linear(n, BLOCK), new KernelArgs().i64(n).view3(sizes, cStrides, aStrides, bStrides).ptr(cond).ptr(a).ptr(b).ptr(out), stream);
    }

    public static void fill(DeviceApi d, long stream, long n, float value, long out) {
        if (n < 0) throw new IllegalArgumentException("fill: n must be >= 0, got " + n);
        if (n == 0) return;
        d.launch(Kernel.EW_FILL, LaunchConfig.linear(n, BLOCK), new KernelArgs().i64(n).f32(value).ptr(out), stream);
    }

    // ------------------------------------------------------------------ reductions

    /** out[o, i] = scale * sum_j x[o, j, i] for contiguous x viewed as [outer, n, inner]. */
    public static void sum(DeviceApi d, long stream, int outer, int n, int inner, long x, float scale, long out) {
        reduce(d, stream, false, outer, n, inner, x, scale, out);
    }

    /** out[o, i] = max_j x[o, j, i] (NaN propagates); n must be positive. */
    public static void max(DeviceApi d, long stream, int outer, int n, int inner, long x, long out) {
        if (n == 0) throw new IllegalArgumentException("max: reducing an empty dim has no identity");
        reduce(d, stream, true, outer, n, inner, x, 1f, out);
    }

    private static void reduce(DeviceApi d, long stream, boolean isMax, int outer, int n, int inner, long x, float scale, long out) {
        String op = isMax ? "max" : "sum";
        nonNegative(op, "outer", outer);
        nonNegative(op, "n", n);
        nonNegative(op, "inner", inner);
        if ((long) outer * inner == 0) return;
        if (inner == 1)
            d.launch(Kernel.REDUCE_ROWS, LaunchConfig.perRow(outer, rowBlock(n)), new KernelArgs().i32(isMax).i32(outer).i32(n).ptr(x).f32(scale).ptr(out), stream);
        else
            d.launch(Kernel.REDUCE_COLS, LaunchConfig.linear((long) outer * inner, BLOCK),
                    new KernelArgs().i32(isMax).i32(outer).i32(n).i32(inner).ptr(x).f32(scale).ptr(out), stream);
    }

    /** out[o, i] = argmax_j x[o, j, i] as int64 (first occurrence; the first NaN wins). */
    public static void argmax(DeviceApi d, long stream, int outer, int n, int inner, long x, long out) {
        if (n <= 0) throw new IllegalArgumentException("argmax: the reduced dim must be non-empty, got " + n);
        if ((long) outer * inner == 0) return;
        d.launch(Kernel.ARGMAX, LaunchConfig.linear((long) outer * inner, BLOCK), new KernelArgs().i32(outer).i32(n).i32(inner).ptr(x).ptr(out), stream);
    }

    // ------------------------------------------------------------------ softmax

    /**
     * Softmax (or log-softmax) along the last axis of contiguous x with the given sizes; mask (0 for none) is an
     * additive view over the same sizes with maskStrides; causal masks keys after query (rank >= 2).
     */
    public static void softmax(DeviceApi d, long stream, boolean log, int[] sizes, long x, long mask, int[] maskStrides, boolean causal, long out) {
        String op = log ? "log_softmax" : "softmax";
        if (sizes.length == 0) throw new IllegalArgumentException(op + ": needs at least one dim, got a scalar");
        if (causal && sizes.length < 2) throw new IllegalArgumentException(op + ": causal masking needs sizes [..., Tq, Tk], got " + Arrays.toString(sizes));
        long total = numel(op, sizes);
        if (total == 0) return;
        int n = sizes[sizes.length - 1];
        long rows = total / n;
        if (rows > Integer.MAX_VALUE) throw new IllegalArgumentException(op + ": " + rows + " rows exceed the kernel's int range");
        int tq = sizes.length >= 2 ? sizes[sizes.length - 2] : 1;
        int[] ms = mask == 0 ? new int[sizes.length] : maskStrides;
        d.launch(Kernel.SOFTMAX, LaunchConfig.perRow((int) rows, rowBlock(n)),
                new KernelArgs().i32((int) rows).i32(n).i32(tq).i32(causal).i32(log).ptr(x).view(sizes, ms).ptr(mask).ptr(out), stream);
    }

    public static void softmaxBackward(DeviceApi d, long stream, boolean log, int rows, int n, long y, long dy, long dx) {
        nonNegative("softmax_backward", "rows", rows);
        nonNegative("softmax_backward", "n", n);
        if ((long) rows * n == 0) return;
        d.launch(Kernel.SOFTMAX_BACKWARD, LaunchConfig.perRow(rows, rowBlock(n)), new KernelArgs().i32(rows).i32(n).i32(log).ptr(y).ptr(dy).ptr(dx), stream);
    }

    // ------------------------------------------------------------------ norms

    public static void layerNorm(DeviceApi d, long stream, int rows, int h, long x, long gamma, long beta, float eps, long out, long mean, long rstd) {
        checkNorm("layer_norm", rows, h);
        if (rows == 0) return;
        d.launch(Kernel.LAYERNORM_FWD, LaunchConfig.perRow(rows, rowBlock(h)),
                new KernelArgs().i32(rows).i32(h).ptr(x).ptr(gamma).ptr(beta).f32(eps).ptr(out).ptr(mean).ptr(rstd), stream);
    }

    public static void rmsNorm(DeviceApi d, long stream, int rows, int h, long x, long gamma, float eps, long out, long rstd) {
        checkNorm("rms_norm", rows, h);
        if (rows == 0) return;
        d.launch(Kernel.RMSNORM_FWD, LaunchConfig.perRow(rows, rowBlock(h)), new KernelArgs().i32(rows).i32(h).ptr(x).ptr(gamma).f32(eps).ptr(out).ptr(rstd), stream);
    }

    /** LayerNorm (mean != 0) or RMSNorm (mean == 0) backward: dx, and dgamma / dbeta when non-zero. */
    public static void normBackward(DeviceApi d, long stream, int rows, int h, long dy, long x, long gamma, long mean, long rstd,
                                    long dx, long dgamma, long dbeta) {
        checkNorm(mean == 0 ? "rms_norm_backward" : "layer_norm_backward", rows, h);
        if (rows > 0)
            d.launch(Kernel.NORM_BWD_DX, LaunchConfig.perRow(rows, rowBlock(h)),
                    new KernelArgs().i32(rows).i32(h).ptr(dy).ptr(x).ptr(gamma).ptr(mean).ptr(rstd).ptr(dx), stream);
        if (dgamma != 0 || dbeta != 0) {
            if (rows == 0) {
                if (dgamma != 0) fill(d, stream, h, 0f, dgamma);
                if (dbeta != 0) fill(d, stream, h, 0f, dbeta);
                return;
            }
            d.launch(Kernel.NORM_BWD_PARAMS, LaunchConfig.linear(h, BLOCK),
                    new KernelArgs().i32(rows).i32(h).ptr(dy).ptr(x).ptr(mean).ptr(rstd).ptr(dgamma).ptr(dbeta), stream);
        }
    }

    private static void checkNorm(String op, int rows, int h) {
        nonNegative(op, "rows", rows);
        if (h <= 0) throw new IllegalArgumentException(op + ": normalized size must be positive, got " + h);
    }

    // ------------------------------------------------------------------ activations

    public static void activation(DeviceApi d, long stream, Activation act, long n, long x, long out) {
        nonNegative(act.name().toLowerCase(java.util.Locale.ROOT), "n", n);
        if (n == 0) return;
        d.launch(Kernel.ACT_FWD, LaunchConfig.linear(n, BLOCK), new KernelArgs().i32(act.code()).i64(n).ptr(x).ptr(out), stream);
    }

    public static void activationBackward(DeviceApi d, long stream, Activation act, long n, long x, long dy, long dx) {
        nonNegative(act.name().toLowerCase(java.util.Locale.ROOT) + "_backward", "n", n);
        if (n == 0) return;
        d.launch(Kernel.ACT_BWD, LaunchConfig.linear(n, BLOCK), new KernelArgs().i32(act.code()).i64(n).ptr(x).ptr(dy).ptr(dx), stream);
    }

    // ------------------------------------------------------------------ rotary, embedding, loss, optimizer

    /**
     * Rotary embedding of x [batch, heads, seq, d] (element strides xStrides) at int64 positions
     * [batch or 1, seq] (posBatchStride seq or 0), with fp32 inverse frequencies invFreq[d/2] (as
     * org.peft4j.kernels.cpu.Rotary.inverseFrequencies computes them); inverse rotates back (the backward).
     */
    public static void rope(DeviceApi d, long stream, int batch, int heads, int seq, int dim, long x, int[] xStrides, long positions,
                            int posBatchStride, long invFreq, boolean inverse, long out) {
        if (dim <= 0 || dim % 2 != 0) throw new IllegalArgumentException("rope: head dim must be positive and even, got " + dim);
        if (posBatchStride != 0 && posBatchStride != seq)
            throw new IllegalArgumentException("rope: position batch stride must be 0 (shared) or seq=" + seq + ", got " + posBatchStride);
        long total = (long) batch * heads * seq * (dim / 2);
        if (total == 0) return;
        d.launch(Kernel.ROPE, LaunchConfig.linear(total, BLOCK), new KernelArgs().i32(batch).i32(heads).i32(seq).i32(dim).ptr(x).strides4(xStrides)
                .ptr(positions).i32(posBatchStride).ptr(invFreq).f32(inverse ? -1f : 1f).ptr(out), stream);
    }

    /** Weight formats of the embedding gather (WeightFormat in embedding.cu). */
    public enum WeightFormat { F32, F16, BF16 }

    /** out[i, :] = weight[ids[i], :] widened to fp32; ids are int64 on the device, already checked against vocab. */
    public static void embeddingGather(DeviceApi d, long stream, WeightFormat format, int n, int hidden, int vocab, long ids, long weight, long out) {
        nonNegative("embedding", "n", n);
        nonNegative("embedding", "hidden", hidden);
        if ((long) n * hidden == 0) return;
        d.launch(Kernel.EMBEDDING_GATHER, LaunchConfig.linear((long) n * hidden, BLOCK),
                new KernelArgs().i32(format.ordinal()).i32(n).i32(hidden).i32(vocab).ptr(ids).ptr(weight).ptr(out), stream);
    }

    /** dWeight[ids[i], :] += gradOut[i, :]. */
    public static void embeddingScatterAdd(DeviceApi d, long stream, int n, int hidden, int vocab, long ids, long gradOut, long dWeight) {
        nonNegative("embedding_backward", "n", n);
        if ((long) n * hidden == 0) return;
        d.launch(Kernel.EMBEDDING_SCATTER_ADD, LaunchConfig.linear((long) n * hidden, BLOCK),
                new KernelArgs().i32(n).i32(hidden).i32(vocab).ptr(ids).ptr(gradOut).ptr(dWeight), stream);
    }

    /** rowLoss[r] = the row's (unscaled) loss, 0 when ignored; dlogits (if non-zero) = (softmax - q) * scale. */
    public static void crossEntropy(DeviceApi d, long stream, int rows, int classes, long logits, long targets, long ignoreIndex,
                                    float smoothing, float scale, long rowLoss, long dlogits) {
        nonNegative("cross_entropy", "rows", rows);
        if (classes <= 0) throw new IllegalArgumentException("cross_entropy: classes must be positive, got " + classes);
        if (!(smoothing >= 0f && smoothing <= 1f)) throw new IllegalArgumentException("cross_entropy: label smoothing must be in [0, 1], got " + smoothing);
        if (rows == 0) return;
        d.launch(Kernel.CROSS_ENTROPY, LaunchConfig.perRow(rows, rowBlock(classes)), new KernelArgs().i32(rows).i32(classes).ptr(logits).ptr(targets)
                .i64(ignoreIndex).f32(smoothing).f32(scale).ptr(rowLoss).ptr(dlogits), stream);
    }

    /** One AdamW step in place on p, m, v (and vmax with amsgrad); keep (0 for all) is a byte mask. */
    public static void adamw(DeviceApi d, long stream, long n, long p, long g, long m, long v, long vmax, long keep, AdamWStep s) {
        nonNegative("adamw", "n", n);
        if (n == 0) return;
        d.launch(Kernel.ADAMW, LaunchConfig.linear(n, BLOCK), new KernelArgs().i64(n).ptr(p).ptr(g).ptr(m).ptr(v).ptr(vmax).ptr(keep)
                .f32(s.decay()).f32(s.beta1()).f32(s.oneMinusBeta1()).f32(s.beta2()).f32(s.oneMinusBeta2()).f32(s.negStepSize()).f32(s.bc2Sqrt()).f32(s.eps()), stream);
    }

    // ------------------------------------------------------------------ GEMM

    /** Row-major C = alpha op(A) op(B) + beta C for each of batch matrices (element strides between them). */
    public static void sgemm(DeviceApi d, long stream, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             long a, long lda, long strideA, long b, long ldb, long strideB, float beta, long c, long ldc, long strideC, int batch) {
        GemmShapes.check("sgemm", transA, transB, m, n, k, lda, ldb, ldc, batch);
        if ((long) m * n * batch == 0) return;
        LaunchConfig cfg = new LaunchConfig(ceil(n, GEMM_TILE), ceil(m, GEMM_TILE), batch, GEMM_THREADS, 1, 1, 0);
        d.launch(Kernel.SGEMM, cfg, new KernelArgs().i32(transA).i32(transB).i32(m).i32(n).i32(k).f32(alpha).ptr(a).i64(lda).i64(strideA)
                .ptr(b).i64(ldb).i64(strideB).f32(beta).ptr(c).i64(ldc).i64(strideC), stream);
    }

    /** C [m, n] = alpha A [m, k] W^T + beta C with W [n, k] in bf16 (ldw elements per row), fp32 accumulation. */
    public static void gemmBf16Weight(DeviceApi d, long stream, int m, int n, int k, float alpha, long a, long lda, long w, long ldw,
                                      float beta, long c, long ldc) {
        GemmShapes.check("gemm_bf16w", false, true, m, n, k, lda, ldw, ldc, 1);
        if ((long) m * n == 0) return;
        d.launch(Kernel.GEMM_BF16W, new LaunchConfig(ceil(n, GEMM_TILE), ceil(m, GEMM_TILE), 1, GEMM_THREADS, 1, 1, 0),
                new KernelArgs().i32(m).i32(n).i32(k).f32(alpha).ptr(a).i64(lda).ptr(w).i64(ldw).f32(beta).ptr(c).i64(ldc), stream);
    }

    // ------------------------------------------------------------------ helpers

    /** Threads per block for a row of n elements: a multiple of 32 (block reductions use warps), 32 to 256. */
    static int rowBlock(int n) {
        return Math.max(32, Math.min(256, (n + 31) / 32 * 32));
    }

    static int ceil(int a, int b) { return Math.max(1, (a + b - 1) / b); }

    static long numel(String op, int[] sizes) {
        if (sizes.length > 8) throw new IllegalArgumentException(op + ": CUDA kernels take at most 8 dims, got " + Arrays.toString(sizes));
        long n = 1;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException(op + ": negative size in " + Arrays.toString(sizes));
            n *= s;
        }
        return n;
    }

    private static void nonNegative(String op, String what, long v) {
        if (v < 0) throw new IllegalArgumentException(op + ": " + what + " must be >= 0, got " + v);
    }

    private static void require(String op, String what, long ptr) {
        if (ptr == 0) throw new IllegalArgumentException(op + ": " + what + " is a null device pointer");
    }
}
