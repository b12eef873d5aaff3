package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.BinaryOp;
import org.peft4j.kernels.cpu.UnaryOp;
import org.peft4j.tensor.Tensor;

/**
 * The tensor-level numeric API that autograd and the models call. Every op accepts any view (strided,
 * transposed, broadcast) of F32 heap tensors and of read-only F32/F16/BF16 segments (widened on read), and
 * returns a fresh contiguous F32 heap tensor (argmax: I64). Binary ops broadcast like NumPy. Bad shapes or
 * dtypes throw IllegalArgumentException naming the op, what was expected and what was found. The work is done
 * by the Vector API kernels in org.peft4j.kernels.cpu.
 */
public final class Ops {
    /** PyTorch's default ignore_index for cross-entropy. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    private Ops() {}

    // ---------------------------------------------------------------- elementwise, broadcasting

    public static Tensor add(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.ADD, a, b); }
    public static Tensor sub(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.SUB, a, b); }
    public static Tensor mul(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.MUL, a, b); }
    public static Tensor div(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.DIV, a, b); }
    /** Elementwise max (NaN propagates, like torch.maximum). */
    public static Tensor maximum(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.MAX, a, b); }
    public static Tensor minimum(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.MIN, a, b); }
    /** a ** b elementwise (broadcasting). */
    public static Tensor pow(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.POW, a, b); }
    public static Tensor pow(Tensor t, float exponent) { return ElementwiseOps.pow(t, exponent); }
    public static Tensor addScalar(Tensor t, float s) { return ElementwiseOps.scalar(BinaryOp.ADD, t, s); }
    public static Tensor mulScalar(Tensor t, float s) { return ElementwiseOps.scalar(BinaryOp.MUL, t, s); }

    /** Comparisons give 1 where true and 0 where false, as F32 (masks for backward passes). */
    public static Tensor gt(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.GT, a, b); }
    public static Tensor ge(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.GE, a, b); }
    public static Tensor lt(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.LT, a, b); }
    public static Tensor le(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.LE, a, b); }
    public static Tensor eq(Tensor a, Tensor b) { return ElementwiseOps.binary(BinaryOp.EQ, a, b); }

    public static Tensor neg(Tensor t) { return ElementwiseOps.unary(UnaryOp.NEG, t); }
    public static Tensor abs(Tensor t) { return ElementwiseOps.unary(UnaryOp.ABS, t); }
    public static Tensor exp(Tensor t) { return ElementwiseOps.unary(UnaryOp.EXP, t); }
    public static Tensor log(Tensor t) { return ElementwiseOps.unary(UnaryOp.LOG, t); }
    public static Tensor sqrt(Tensor t) { return ElementwiseOps.unary(UnaryOp.SQRT, t); }
    public static Tensor rsqrt(Tensor t) { return ElementwiseOps.unary(UnaryOp.RSQRT, t); }
    public static Tensor tanh(Tensor t) { return ElementwiseOps.unary(UnaryOp.TANH, t); }
    public static Tensor sigmoid(Tensor t) { return ElementwiseOps.unary(UnaryOp.SIGMOID, t); }
    public static Tensor relu(Tensor t) { return ElementwiseOps.unary(UnaryOp.RELU, t); }
    public static Tensor square(Tensor t) { return ElementwiseOps.unary(UnaryOp.SQUARE, t); }

    /** cond != 0 ? a : b elementwise; all three broadcast together and cond may be any dtype (e.g. an I64 mask). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return ElementwiseOps.where(cond, a, b); }

    /** t with value wherever mask != 0 (mask broadcasts to t). */
    public static Tensor maskedFill(Tensor t, Tensor mask, float value) { return ElementwiseOps.where(mask, Tensor.scalar(value), t); }

    // ---------------------------------------------------------------- reductions

    public static Tensor sum(Tensor t, int dim, boolean keepDim) { return ReductionOps.sum(t, dim, keepDim); }
    public static Tensor mean(Tensor t, int dim, boolean keepDim) { return ReductionOps.mean(t, dim, keepDim); }
    /** Max values along dim (NaN propagates). */
    public static Tensor max(Tensor t, int dim, boolean keepDim) { return ReductionOps.max(t, dim, keepDim); }
    /** Index of the max along dim as I64 (first occurrence on ties, first NaN if any), dim removed. */
    public static Tensor argmax(Tensor t, int dim) { return ReductionOps.argmax(t, dim, false); }
    public static Tensor argmax(Tensor t, int dim, boolean keepDim) { return ReductionOps.argmax(t, dim, keepDim); }
    /** Sum of all elements, shape []. */
    public static Tensor sumAll(Tensor t) { return ReductionOps.sumAll(t); }
    /** Mean of all elements, shape []. */
    public static Tensor meanAll(Tensor t) {
        Tensor s = ReductionOps.sumAll(t);
        s.floatArray()[0] /= t.numel();
        return s;
    }
    /**
     * Sums t down to shape, undoing a broadcast of shape to t's shape: leading extra dims and dims where shape
     * has 1 are summed. The gradient of a broadcasting op w.r.t. an input of the given shape.
     */
    public static Tensor sumTo(Tensor t, int... shape) { return ReductionOps.sumTo(t, shape); }

    // ---------------------------------------------------------------- softmax along the last dim

    public static Tensor softmax(Tensor x) { return SoftmaxOps.forward("softmax", false, x, null, false); }

    /**
     * Softmax over the last dim of x + mask. mask (nullable) broadcasts to x: floating = additive (0 keeps,
     * -inf or a large negative drops); integer = keep mask (nonzero attends). causal: for x [..., Tq, Tk], query
     * q sees keys k <= q + Tk - Tq. Rows with nothing visible give zeros.
     */
    public static Tensor softmax(Tensor x, Tensor mask, boolean causal) { return SoftmaxOps.forward("softmax", false, x, mask, causal); }

    public static Tensor logSoftmax(Tensor x) { return SoftmaxOps.forward("log_softmax", true, x, null, false); }

    /** Log-softmax with the same masking as {@link #softmax(Tensor, Tensor, boolean)}; masked entries are -inf. */
    public static Tensor logSoftmax(Tensor x, Tensor mask, boolean causal) { return SoftmaxOps.forward("log_softmax", true, x, mask, causal); }

    /** dx for y = softmax(x): y * (dy - sum(dy * y)). */
    public static Tensor softmaxBackward(Tensor y, Tensor dy) { return SoftmaxOps.backward("softmax_backward", false, y, dy); }

    /** dx for y = logSoftmax(x): dy - exp(y) * sum(dy). */
    public static Tensor logSoftmaxBackward(Tensor y, Tensor dy) { return SoftmaxOps.backward("log_softmax_backward", true, y, dy); }

    // ---------------------------------------------------------------- normalisation over the last dim

    /** LayerNorm with gamma, beta of shape [h] (either may be null); saves mean and rstd (biased variance). */
    public static LayerNormResult layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) { return NormOps.layerNorm(x, gamma, beta, eps); }

    public static LayerNormGrads layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd) {
        return NormOps.layerNormBackward(dy, x, gamma, mean, rstd);
    }

    /** RMSNorm (LLaMA): x / sqrt(mean(x^2) + eps) * gamma; gamma [h] may be null. */
    public static RmsNormResult rmsNorm(Tensor x, Tensor gamma, float eps) { return NormOps.rmsNorm(x, gamma, eps); }

    public static RmsNormGrads rmsNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor rstd) {
        return NormOps.rmsNormBackward(dy, x, gamma, rstd);
    }

    // ---------------------------------------------------------------- activations

    /** GELU: exact erf form, or (tanhApprox) the tanh form GPT-2 calls gelu_new. */
    public static Tensor gelu(Tensor x, boolean tanhApprox) { return ActivationOps.gelu(x, tanhApprox); }
    public static Tensor geluBackward(Tensor x, Tensor dy, boolean tanhApprox) { return ActivationOps.geluBackward(x, dy, tanhApprox); }
    public static Tensor silu(Tensor x) { return ActivationOps.silu(x); }
    public static Tensor siluBackward(Tensor x, Tensor dy) { return ActivationOps.siluBackward(x, dy); }

    // ---------------------------------------------------------------- positions and embeddings

    /**
     * Rotary embedding (LLaMA rotate-half) of x [B, H, T, D] at integer positions [B, T], [1, T] or [T], with
     * inv_freq = theta^(-2i/D). inverse rotates back (the backward pass).
     */
    public static Tensor rope(Tensor x, Tensor positions, float theta, boolean inverse) { return RopeOps.rope(x, positions, theta, inverse); }

    /** Rows of weight [V, H] (F32 heap or F32/F16/BF16 segment) picked by integer ids of any shape: [..., H]. */
    public static Tensor embedding(Tensor weight, Tensor ids) { return EmbeddingOps.embedding(weight, ids); }

    /** Dense gradient [vocab, H] of embedding: gradOut [..., H] rows scatter-added at ids [...]. */
    public static Tensor embeddingBackward(Tensor gradOut, Tensor ids, int vocab) { return EmbeddingOps.embeddingBackward(gradOut, ids, vocab); }

    // ---------------------------------------------------------------- losses

    /**
     * Cross-entropy of logits [..., C] against integer targets [...], as torch.nn.functional.cross_entropy:
     * targets equal to ignoreIndex are skipped, labelSmoothing mixes in a uniform target, meanReduction divides by
     * the number of non-ignored targets (all ignored: loss 0, gradient 0), otherwise sums. Returns the loss
     * (shape []) and its gradient w.r.t. the logits.
     */
    public static CrossEntropyResult crossEntropy(Tensor logits, Tensor targets, long ignoreIndex, float labelSmoothing, boolean meanReduction) {
        return LossOps.crossEntropy(logits, targets, ignoreIndex, labelSmoothing, meanReduction);
    }

    /** Mean cross-entropy with PyTorch's defaults (ignore_index -100, no smoothing). */
    public static CrossEntropyResult crossEntropy(Tensor logits, Tensor targets) {
        return LossOps.crossEntropy(logits, targets, DEFAULT_IGNORE_INDEX, 0f, true);
    }
}
