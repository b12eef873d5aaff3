package org.peft4j.tensor.cuda;

import org.peft4j.kernels.cpu.BinaryOp;
import org.peft4j.kernels.cpu.UnaryOp;
import org.peft4j.kernels.cuda.Activation;
import org.peft4j.kernels.cuda.AdamWStep;
import org.peft4j.kernels.cuda.CudaContext;
import org.peft4j.kernels.cuda.CudaKernels;
import org.peft4j.tensor.CudaBackend;
import org.peft4j.tensor.CudaStorage;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.kernels.cpu.Rotary;
import org.peft4j.tensor.ops.CrossEntropyResult;
import org.peft4j.tensor.ops.LayerNormGrads;
import org.peft4j.tensor.ops.LayerNormResult;
import org.peft4j.tensor.ops.RmsNormGrads;
import org.peft4j.tensor.ops.RmsNormResult;

import java.util.Arrays;

/**
 * Tensor operations on CUDA tensors, the device twins of org.peft4j.tensor.ops.Ops / Linalg for the operations
 * a training step needs: inputs in CUDA storage (F32 unless stated; views where the kernel takes strides), outputs
 * fresh contiguous F32 device tensors on the same device. GEMMs go through the context's GEMM (cuBLAS when it
 * loaded, the PTX kernel otherwise). Wiring these into autograd's differentiable functions is not done yet.
 */
public final class CudaOps {
    private CudaOps() {}

    // ------------------------------------------------------------------ elementwise

    public static Tensor add(Tensor a, Tensor b) { return binary(BinaryOp.ADD, a, b); }
    public static Tensor sub(Tensor a, Tensor b) { return binary(BinaryOp.SUB, a, b); }
    public static Tensor mul(Tensor a, Tensor b) { return binary(BinaryOp.MUL, a, b); }
    public static Tensor div(Tensor a, Tensor b) { return binary(BinaryOp.DIV, a, b); }

    /** a op b with numpy broadcasting. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        CudaStorage sa = f32(op.label(), "a", a), sb = f32(op.label(), "b", b);
        sameDevice(a, b);
        int[] shape = Shapes.broadcast(op.label(), a.shape(), b.shape());
        Tensor out = backend(a).empty(DType.F32, shape);
        CudaContext ctx = ctx(a);
        CudaKernels.binary(ctx.device(), ctx.stream(), op, shape, sa.pointer(a.offset()), broadcastStrides(a, shape),
                sb.pointer(b.offset()), broadcastStrides(b, shape), ptr(out));
        return out;
    }

    public static Tensor unary(UnaryOp op, Tensor x) {
        CudaStorage s = f32(op.label(), "x", x);
        Tensor out = backend(x).empty(DType.F32, x.shape());
        CudaKernels.unary(ctx(x).device(), ctx(x).stream(), op, x.shape(), s.pointer(x.offset()), x.strides(), ptr(out));
        return out;
    }

    public static Tensor addScalar(Tensor x, float s) { return scalar(BinaryOp.ADD, x, s); }
    public static Tensor mulScalar(Tensor x, float s) { return scalar(BinaryOp.MUL, x, s); }

    public static Tensor scalar(BinaryOp op, Tensor x, float s) {
        CudaStorage st = f32(op.label() + "_scalar", "x", x);
        Tensor out = backend(x).empty(DType.F32, x.shape());
        CudaKernels.scalar(ctx(x).device(), ctx(x).stream(), op, x.shape(), st.pointer(x.offset()), x.strides(), s, ptr(out));
        return out;
    }

    /** A contiguous copy of any F32 view (transpose, narrow, expand made real) on the device. */
    public static Tensor contiguous(Tensor x) {
        CudaStorage s = f32("contiguous", "x", x);
        if (x.isContiguous()) return x;
        Tensor out = backend(x).empty(DType.F32, x.shape());
        CudaKernels.copy(ctx(x).device(), ctx(x).stream(), x.shape(), s.pointer(x.offset()), x.strides(), ptr(out));
        return out;
    }

    // ------------------------------------------------------------------ reductions

    public static Tensor sum(Tensor x, int dim, boolean keepDim) { return reduce("sum", x, dim, keepDim); }
    public static Tensor mean(Tensor x, int dim, boolean keepDim) { return reduce("mean", x, dim, keepDim); }
    public static Tensor max(Tensor x, int dim, boolean keepDim) { return reduce("max", x, dim, keepDim); }

    private static Tensor reduce(String op, Tensor x, int dim, boolean keepDim) {
        x = contiguous(x);
        int[] shape = x.shape();
        int d = Shapes.dim(dim, shape.length, op);
        int outer = 1, inner = 1, n = shape[d];
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        int[] kept = shape.clone();
        kept[d] = 1;
        Tensor out = backend(x).empty(DType.F32, kept);
        CudaContext ctx = ctx(x);
        long src = ((CudaStorage) x.storage()).pointer(x.offset());
        if (op.equals("max")) CudaKernels.max(ctx.device(), ctx.stream(), outer, n, inner, src, ptr(out));
        else CudaKernels.sum(ctx.device(), ctx.stream(), outer, n, inner, src, op.equals("mean") ? 1f / n : 1f, ptr(out));
        return keepDim ? out : out.reshape(without(shape, d));
    }

    // ------------------------------------------------------------------ softmax, norms, activations

    /** Softmax along the last axis with an optional additive mask (broadcast to x) and causal masking. */
    public static Tensor softmax(Tensor x, Tensor mask, boolean causal) { return softmax(false, x, mask, causal); }

    public static Tensor logSoftmax(Tensor x, Tensor mask, boolean causal) { return softmax(true, x, mask, causal); }

    private static Tensor softmax(boolean log, Tensor x, Tensor mask, boolean causal) {
        String op = log ? "log_softmax" : "softmax";
        x = contiguous(x);
        f32(op, "x", x);
        int[] shape = x.shape();
        long m = 0;
        int[] ms = null;
        if (mask != null) {
            CudaStorage s = f32(op, "mask", mask);
            sameDevice(x, mask);
            if (!Arrays.equals(Shapes.broadcast(op, shape, mask.shape()), shape))
                throw new IllegalArgumentException(op + ": mask of shape " + Shapes.str(mask.shape()) + " does not broadcast to x " + Shapes.str(shape));
            m = s.pointer(mask.offset());
            ms = broadcastStrides(mask, shape);
        }
        Tensor out = backend(x).empty(DType.F32, shape);
        CudaKernels.softmax(ctx(x).device(), ctx(x).stream(), log, shape, ptr(x), m, ms, causal, ptr(out));
        return out;
    }

    /** Gradient of softmax (log = false) or log-softmax (log = true) along the last axis, from its output y. */
    public static Tensor softmaxBackward(boolean log, Tensor y, Tensor dy) {
        String op = log ? "log_softmax_backward" : "softmax_backward";
        y = contiguous(y);
        dy = contiguous(dy);
        f32(op, "y", y);
        f32(op, "dy", dy);
        sameShape(op, y, dy);
        int n = y.size(-1), rows = y.numel() / Math.max(1, n);
        Tensor dx = backend(y).empty(DType.F32, y.shape());
        CudaKernels.softmaxBackward(ctx(y).device(), ctx(y).stream(), log, rows, n, ptr(y), ptr(dy), ptr(dx));
        return dx;
    }

    public static LayerNormResult layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        x = contiguous(x);
        f32("layer_norm", "x", x);
        int h = x.size(-1), rows = x.numel() / Math.max(1, h);
        int[] statShape = without(x.shape(), x.dim() - 1);
        CudaBackend be = backend(x);
        Tensor out = be.empty(DType.F32, x.shape()), mean = be.empty(DType.F32, statShape), rstd = be.empty(DType.F32, statShape);
        CudaKernels.layerNorm(ctx(x).device(), ctx(x).stream(), rows, h, ptr(x), param("layer_norm", "gamma", gamma, h), param("layer_norm", "beta", beta, h),
                eps, ptr(out), ptr(mean), ptr(rstd));
        return new LayerNormResult(out, mean, rstd);
    }

    public static RmsNormResult rmsNorm(Tensor x, Tensor gamma, float eps) {
        x = contiguous(x);
        f32("rms_norm", "x", x);
        int h = x.size(-1), rows = x.numel() / Math.max(1, h);
        CudaBackend be = backend(x);
        Tensor out = be.empty(DType.F32, x.shape()), rstd = be.empty(DType.F32, without(x.shape(), x.dim() - 1));
        CudaKernels.rmsNorm(ctx(x).device(), ctx(x).stream(), rows, h, ptr(x), param("rms_norm", "gamma", gamma, h), eps, ptr(out), ptr(rstd));
        return new RmsNormResult(out, rstd);
    }

    public static LayerNormGrads layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd) {
        Tensor[] g = normBackward("layer_norm_backward", dy, x, gamma, mean, rstd, true);
        return new LayerNormGrads(g[0], g[1], g[2]);
    }

    public static RmsNormGrads rmsNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor rstd) {
        Tensor[] g = normBackward("rms_norm_backward", dy, x, gamma, null, rstd, false);
        return new RmsNormGrads(g[0], g[1]);
    }

    /** dx, dgamma (null without gamma) and, for LayerNorm, dbeta. */
    private static Tensor[] normBackward(String op, Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, boolean centred) {
        x = contiguous(x);
        dy = contiguous(dy);
        f32(op, "x", x);
        f32(op, "dy", dy);
        sameShape(op, x, dy);
        int h = x.size(-1), rows = x.numel() / Math.max(1, h);
        CudaBackend be = backend(x);
        Tensor dx = be.empty(DType.F32, x.shape());
        Tensor dg = gamma == null ? null : be.empty(DType.F32, h), db = centred ? be.empty(DType.F32, h) : null;
        CudaKernels.normBackward(ctx(x).device(), ctx(x).stream(), rows, h, ptr(dy), ptr(x), param(op, "gamma", gamma, h),
                mean == null ? 0 : param(op, "mean", contiguous(mean), rows), param(op, "rstd", contiguous(rstd), rows), ptr(dx),
                dg == null ? 0 : ptr(dg), db == null ? 0 : ptr(db));
        return new Tensor[]{dx, dg, db};
    }

    public static Tensor gelu(Tensor x, boolean tanhApprox) { return activation(tanhApprox ? Activation.GELU_TANH : Activation.GELU, x); }
    public static Tensor silu(Tensor x) { return activation(Activation.SILU, x); }

    public static Tensor geluBackward(Tensor x, Tensor dy, boolean tanhApprox) { return activationBackward(tanhApprox ? Activation.GELU_TANH : Activation.GELU, x, dy); }
    public static Tensor siluBackward(Tensor x, Tensor dy) { return activationBackward(Activation.SILU, x, dy); }

    private static Tensor activationBackward(Activation act, Tensor x, Tensor dy) {
        String op = act.name().toLowerCase(java.util.Locale.ROOT) + "_backward";
        x = contiguous(x);
        dy = contiguous(dy);
        f32(op, "x", x);
        f32(op, "dy", dy);
        sameShape(op, x, dy);
        Tensor dx = backend(x).empty(DType.F32, x.shape());
        CudaKernels.activationBackward(ctx(x).device(), ctx(x).stream(), act, x.numel(), ptr(x), ptr(dy), ptr(dx));
        return dx;
    }

    /**
     * LLaMA rotary embedding of x [B, H, T, D] (any strides) at I64 device positions [T], [1, T] or [B, T], with
     * HF's fp32 inverse frequencies for theta; inverse rotates back (the backward).
     */
    public static Tensor rope(Tensor x, Tensor positions, float theta, boolean inverse) {
        f32("rope", "x", x);
        CudaStorage ps = ids(positions, "rope");
        if (x.dim() != 4) throw new IllegalArgumentException("rope: expected x of shape [B, H, T, D], got " + Shapes.str(x.shape()));
        int b = x.size(0), h = x.size(1), t = x.size(2), d = x.size(3);
        int[] pshape = positions.shape();
        int batchStride;
        if (pshape.length == 1 && pshape[0] == t || pshape.length == 2 && pshape[0] == 1 && pshape[1] == t) batchStride = 0;
        else if (pshape.length == 2 && pshape[0] == b && pshape[1] == t) batchStride = b == 1 ? 0 : t;
        else throw new IllegalArgumentException("rope: expected positions of shape [" + b + ", " + t + "], [1, " + t + "] or [" + t + "], got " + Shapes.str(pshape));
        long[] pos = positions.toLongArray();
        for (long p : pos) if (p < 0) throw new IllegalArgumentException("rope: position " + p + " is negative");
        Tensor inv = backend(x).fromCpu(Tensor.of(Rotary.inverseFrequencies(d, theta), d / 2));
        Tensor out = backend(x).empty(DType.F32, x.shape());
        CudaStorage xs = (CudaStorage) x.storage();
        CudaKernels.rope(ctx(x).device(), ctx(x).stream(), b, h, t, d, xs.pointer(x.offset()), x.strides(), ps.pointer(positions.offset()), batchStride,
                ptr(inv), inverse, ptr(out));
        return out;
    }

    /** Scatter-add of the output gradient [.., hidden] into a zero [vocab, hidden] weight gradient at I64 device ids. */
    public static Tensor embeddingBackward(Tensor gradOut, Tensor ids, int vocab) {
        gradOut = contiguous(gradOut);
        f32("embedding_backward", "gradOut", gradOut);
        CudaStorage is = ids(ids, "embedding_backward");
        int hidden = gradOut.size(-1), n = ids.numel();
        if ((long) n * hidden != gradOut.numel())
            throw new IllegalArgumentException("embedding_backward: gradOut " + Shapes.str(gradOut.shape()) + " does not match " + n + " ids");
        checkIds(ids, vocab, "embedding_backward");
        Tensor dw = backend(gradOut).empty(DType.F32, vocab, hidden);
        CudaKernels.fill(ctx(dw).device(), ctx(dw).stream(), (long) vocab * hidden, 0f, ptr(dw));
        CudaKernels.embeddingScatterAdd(ctx(dw).device(), ctx(dw).stream(), n, hidden, vocab, is.pointer(ids.offset()), ptr(gradOut), ptr(dw));
        return dw;
    }

    private static Tensor activation(Activation act, Tensor x) {
        x = contiguous(x);
        f32(act.name().toLowerCase(java.util.Locale.ROOT), "x", x);
        Tensor out = backend(x).empty(DType.F32, x.shape());
        CudaKernels.activation(ctx(x).device(), ctx(x).stream(), act, x.numel(), ptr(x), ptr(out));
        return out;
    }

    // ------------------------------------------------------------------ GEMM

    /** a [.., m, k] @ b [.., k, n] for 2-D operands or 3-D operands with equal batch (b may be 2-D and shared). */
    public static Tensor matmul(Tensor a, Tensor b) {
        a = contiguous(a);
        b = contiguous(b);
        f32("matmul", "a", a);
        f32("matmul", "b", b);
        sameDevice(a, b);
        if (a.dim() < 2 || a.dim() > 3 || b.dim() < 2 || b.dim() > 3 || (b.dim() == 3 && (a.dim() != 3 || a.size(0) != b.size(0))))
            throw new IllegalArgumentException("matmul on CUDA takes [m, k] or [batch, m, k] times [k, n] or [batch, k, n], got "
                    + Shapes.str(a.shape()) + " @ " + Shapes.str(b.shape()));
        int m = a.size(-2), k = a.size(-1), n = b.size(-1);
        if (b.size(-2) != k) throw new IllegalArgumentException("matmul: inner dims differ: " + Shapes.str(a.shape()) + " @ " + Shapes.str(b.shape()));
        int batch = a.dim() == 3 ? a.size(0) : 1;
        Tensor out = backend(a).empty(DType.F32, a.dim() == 3 ? new int[]{batch, m, n} : new int[]{m, n});
        ctx(a).gemm().sgemm(ctx(a).stream(), false, false, m, n, k, 1f, ptr(a), k, (long) m * k, ptr(b), n, b.dim() == 3 ? (long) k * n : 0,
                0f, ptr(out), n, (long) m * n, batch);
        return out;
    }

    /** x [.., in] W^T + bias with W [out, in] in F32 or BF16 device storage (frozen base weights stay bf16). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        x = contiguous(x);
        f32("linear", "x", x);
        sameDevice(x, weight);
        if (!(weight.storage() instanceof CudaStorage ws) || weight.dim() != 2 || !weight.isContiguous())
            throw new IllegalArgumentException("linear on CUDA takes a contiguous 2-D device weight, got " + weight);
        int in = x.size(-1), outF = weight.size(0);
        if (weight.size(1) != in) throw new IllegalArgumentException("linear: x has " + in + " features, weight is " + Shapes.str(weight.shape()));
        int rows = x.numel() / Math.max(1, in);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = outF;
        Tensor out = backend(x).empty(DType.F32, outShape);
        CudaContext ctx = ctx(x);
        float beta = 0f;
        if (bias != null) { // out = broadcast bias, then out += x W^T
            CudaStorage bs = f32("linear", "bias", bias);
            if (bias.numel() != outF) throw new IllegalArgumentException("linear: bias has " + bias.numel() + " elements, expected " + outF);
            CudaKernels.copy(ctx.device(), ctx.stream(), new int[]{rows, outF}, bs.pointer(bias.offset()), new int[]{0, bias.stride(-1)}, ptr(out));
            beta = 1f;
        }
        switch (weight.dtype()) {
            case F32 -> ctx.gemm().sgemm(ctx.stream(), false, true, rows, outF, in, 1f, ptr(x), in, 0, ws.pointer(weight.offset()), in, 0, beta, ptr(out), outF, 0, 1);
            case BF16 -> CudaKernels.gemmBf16Weight(ctx.device(), ctx.stream(), rows, outF, in, 1f, ptr(x), in, ws.pointer(weight.offset()), in, beta, ptr(out), outF);
            default -> throw new IllegalArgumentException("linear on CUDA takes F32 or BF16 weights, got " + weight.dtype());
        }
        return out;
    }

    // ------------------------------------------------------------------ embedding, loss, optimizer

    /** weight [vocab, hidden] (F32, F16 or BF16 on the device) gathered at I64 device ids of any shape. */
    public static Tensor embedding(Tensor weight, Tensor ids) {
        if (!(weight.storage() instanceof CudaStorage ws) || weight.dim() != 2 || !weight.isContiguous())
            throw new IllegalArgumentException("embedding on CUDA takes a contiguous 2-D device weight, got " + weight);
        CudaStorage is = ids(ids, "embedding");
        sameDevice(weight, ids);
        int vocab = weight.size(0), hidden = weight.size(1), n = ids.numel();
        checkIds(ids, vocab, "embedding");
        CudaKernels.WeightFormat f = switch (weight.dtype()) {
            case F32 -> CudaKernels.WeightFormat.F32;
            case F16 -> CudaKernels.WeightFormat.F16;
            case BF16 -> CudaKernels.WeightFormat.BF16;
            default -> throw new IllegalArgumentException("embedding weight dtype " + weight.dtype() + " (expected F32, F16 or BF16)");
        };
        int[] outShape = Arrays.copyOf(ids.shape(), ids.dim() + 1);
        outShape[ids.dim()] = hidden;
        Tensor out = backend(weight).empty(DType.F32, outShape);
        CudaKernels.embeddingGather(ctx(weight).device(), ctx(weight).stream(), f, n, hidden, vocab, is.pointer(ids.offset()), ws.pointer(weight.offset()), ptr(out));
        return out;
    }

    /** Cross-entropy of logits [rows, classes] against I64 device targets [rows], with its gradient. */
    public static CrossEntropyResult crossEntropy(Tensor logits, Tensor targets, long ignoreIndex, float labelSmoothing, boolean meanReduction) {
        logits = contiguous(logits);
        f32("cross_entropy", "logits", logits);
        CudaStorage ts = ids(targets, "cross_entropy");
        if (logits.dim() != 2 || targets.dim() != 1 || targets.size(0) != logits.size(0))
            throw new IllegalArgumentException("cross_entropy on CUDA takes logits [rows, classes] and targets [rows], got "
                    + Shapes.str(logits.shape()) + " and " + Shapes.str(targets.shape()));
        int rows = logits.size(0), classes = logits.size(1);
        long[] t = targets.toLongArray(); // checked and counted on the host, like the CPU kernel
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            if (t[r] == ignoreIndex) continue;
            if (t[r] < 0 || t[r] >= classes)
                throw new IllegalArgumentException("cross_entropy: target " + t[r] + " at row " + r + " is outside [0, " + classes + ") and is not the ignore index " + ignoreIndex);
            counted++;
        }
        float scale = meanReduction ? (counted == 0 ? 0f : 1f / counted) : 1f;
        CudaBackend be = backend(logits);
        Tensor rowLoss = be.empty(DType.F32, rows), grad = be.empty(DType.F32, logits.shape());
        CudaKernels.crossEntropy(ctx(logits).device(), ctx(logits).stream(), rows, classes, ptr(logits), ts.pointer(targets.offset()), ignoreIndex,
                labelSmoothing, scale, ptr(rowLoss), ptr(grad));
        Tensor loss = sum(rowLoss, 0, false);
        return new CrossEntropyResult(mulScalar(loss, scale), grad);
    }

    /** One AdamW step in place on contiguous F32 device tensors p, m, v (state tensors start at zero). */
    public static void adamw(Tensor p, Tensor grad, Tensor m, Tensor v, AdamWStep step) {
        for (Tensor t : new Tensor[]{p, grad, m, v}) {
            f32("adamw", "tensor", t);
            if (!t.isContiguous() || t.numel() != p.numel()) throw new IllegalArgumentException("adamw: tensors must be contiguous with " + p.numel() + " elements, got " + t);
        }
        CudaKernels.adamw(ctx(p).device(), ctx(p).stream(), p.numel(), ptr(p), ptr(grad), ptr(m), ptr(v), 0, 0, step);
    }

    // ------------------------------------------------------------------ helpers

    private static CudaStorage f32(String op, String what, Tensor t) {
        if (!(t.storage() instanceof CudaStorage s))
            throw new IllegalArgumentException(op + ": " + what + " is on " + t.device() + ", expected a CUDA tensor (move it with to(Device.cuda(n)))");
        if (t.dtype() != DType.F32) throw new IllegalArgumentException(op + ": " + what + " is " + t.dtype() + ", expected F32");
        return s;
    }

    private static CudaStorage ids(Tensor ids, String op) {
        if (!(ids.storage() instanceof CudaStorage s) || ids.dtype() != DType.I64 || !ids.isContiguous())
            throw new IllegalArgumentException(op + ": ids must be a contiguous I64 CUDA tensor, got " + ids.dtype() + " on " + ids.device());
        return s;
    }

    private static void checkIds(Tensor ids, int vocab, String op) {
        long[] v = ids.toLongArray();
        for (int i = 0; i < v.length; i++)
            if (v[i] < 0 || v[i] >= vocab) throw new IllegalArgumentException(op + ": id " + v[i] + " at position " + i + " is outside [0, " + vocab + ")");
    }

    private static long param(String op, String what, Tensor t, int h) {
        if (t == null) return 0;
        CudaStorage s = f32(op, what, t);
        if (t.numel() != h || !t.isContiguous()) throw new IllegalArgumentException(op + ": " + what + " must be contiguous with " + h + " elements, got " + Shapes.str(t.shape()));
        return s.pointer(t.offset());
    }

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape()))
            throw new IllegalArgumentException(op + ": shapes differ: " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
    }

    private static void sameDevice(Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) throw new IllegalArgumentException("tensors on different devices: " + a.device() + " and " + b.device());
    }

    /** Element strides of t broadcast to shape (0 along broadcast dims, right-aligned). */
    static int[] broadcastStrides(Tensor t, int[] shape) {
        int[] out = new int[shape.length], s = t.shape(), st = t.strides();
        for (int i = 0; i < s.length; i++) {
            int j = shape.length - s.length + i;
            out[j] = s[i] == 1 && shape[j] != 1 ? 0 : st[i];
        }
        return out;
    }

    private static int[] without(int[] shape, int d) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != d) out[j++] = shape[i];
        return out;
    }

    private static long ptr(Tensor t) { return ((CudaStorage) t.storage()).pointer(t.offset()); }
    private static CudaBackend backend(Tensor t) { return ((CudaStorage) t.storage()).backend(); }
    private static CudaContext ctx(Tensor t) { return backend(t).context(); }
}
