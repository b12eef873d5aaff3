package org.peft4j.autograd;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.peft4j.autograd.TensorMath.*;

/**
 * Differentiable functions. Each one computes its forward result eagerly and records, right beside it, how to
 * turn the gradient of its output into gradients of its inputs ({@link Tape#record}). Read them as a textbook:
 * the backward of y = f(x) is always written with g = dL/dy.
 * <p>
 * Broadcasting ops un-broadcast their gradients with {@code sumTo}: an input that was repeated along a dimension
 * receives the sum of the gradients of its copies. Inputs that do not require grad get no gradient computed.
 */
public final class F {
    private F() {}

    // =============================================================== arithmetic with broadcasting

    /** a + b. */
    public static Var add(Var a, Var b) {
        Tensor out = TensorMath.add(a.value(), b.value());
        return Tape.record("add", out, g -> new Tensor[]{
                a.requiresGrad() ? sumTo(g, a.shape()) : null,
                b.requiresGrad() ? sumTo(g, b.shape()) : null}, a, b);
    }

    /** a - b. */
    public static Var sub(Var a, Var b) {
        Tensor out = TensorMath.sub(a.value(), b.value());
        return Tape.record("sub", out, g -> new Tensor[]{
                a.requiresGrad() ? sumTo(g, a.shape()) : null,
                b.requiresGrad() ? sumTo(TensorMath.neg(g), b.shape()) : null}, a, b);
    }

    /** a * b (elementwise). */
    public static Var mul(Var a, Var b) {
        Tensor out = TensorMath.mul(a.value(), b.value());
        return Tape.record("mul", out, g -> new Tensor[]{
                a.requiresGrad() ? sumTo(TensorMath.mul(g, b.value()), a.shape()) : null,
                b.requiresGrad() ? sumTo(TensorMath.mul(g, a.value()), b.shape()) : null}, a, b);
    }

    /** a / b (elementwise). d(a/b)/db = -a/b² = -out/b. */
    public static Var div(Var a, Var b) {
        Tensor out = TensorMath.div(a.value(), b.value());
        return Tape.record("div", out, g -> new Tensor[]{
                a.requiresGrad() ? sumTo(TensorMath.div(g, b.value()), a.shape()) : null,
                b.requiresGrad() ? sumTo(TensorMath.neg(TensorMath.div(TensorMath.mul(g, out), b.value())), b.shape()) : null}, a, b);
    }

    public static Var neg(Var x) {
        return Tape.record("neg", TensorMath.neg(x.value()), g -> new Tensor[]{TensorMath.neg(g)}, x);
    }

    public static Var addScalar(Var x, float s) {
        return Tape.record("addScalar", TensorMath.addScalar(x.value(), s), g -> new Tensor[]{g}, x);
    }

    public static Var mulScalar(Var x, float s) {
        return Tape.record("mulScalar", TensorMath.mulScalar(x.value(), s), g -> new Tensor[]{TensorMath.mulScalar(g, s)}, x);
    }

    /** s - x. */
    public static Var rsubScalar(float s, Var x) {
        return Tape.record("rsubScalar", unary(x.value(), v -> s - v), g -> new Tensor[]{TensorMath.neg(g)}, x);
    }

    // =============================================================== elementwise functions

    /** e^x; dy/dx = y. */
    public static Var exp(Var x) {
        Tensor y = unary(x.value(), v -> (float) Math.exp(v));
        return Tape.record("exp", y, g -> new Tensor[]{TensorMath.mul(g, y)}, x);
    }

    /** ln x; dy/dx = 1/x. */
    public static Var log(Var x) {
        Tensor y = unary(x.value(), v -> (float) Math.log(v));
        return Tape.record("log", y, g -> new Tensor[]{TensorMath.div(g, x.value())}, x);
    }

    /** √x; dy/dx = 1/(2y). */
    public static Var sqrt(Var x) {
        Tensor y = unary(x.value(), v -> (float) Math.sqrt(v));
        return Tape.record("sqrt", y, g -> new Tensor[]{binary("sqrt backward", g, y, (gv, yv) -> gv * 0.5f / yv)}, x);
    }

    /** x^p for a constant exponent; dy/dx = p·x^(p-1). */
    public static Var pow(Var x, float p) {
        Tensor y = unary(x.value(), v -> (float) Math.pow(v, p));
        return Tape.record("pow", y, g -> new Tensor[]{binary("pow backward", g, x.value(), (gv, xv) -> gv * p * (float) Math.pow(xv, p - 1))}, x);
    }

    /** tanh x; dy/dx = 1 - y². */
    public static Var tanh(Var x) {
        Tensor y = unary(x.value(), v -> (float) Math.tanh(v));
        return Tape.record("tanh", y, g -> new Tensor[]{binary("tanh backward", g, y, (gv, yv) -> gv * (1 - yv * yv))}, x);
    }

    /** 1/(1+e^-x); dy/dx = y(1-y). */
    public static Var sigmoid(Var x) {
        Tensor y = unary(x.value(), F::sigmoid);
        return Tape.record("sigmoid", y, g -> new Tensor[]{binary("sigmoid backward", g, y, (gv, yv) -> gv * yv * (1 - yv))}, x);
    }

    /** max(x, 0); gradient 1 where x > 0. */
    public static Var relu(Var x) {
        Tensor y = unary(x.value(), v -> v > 0 ? v : 0f);
        return Tape.record("relu", y, g -> new Tensor[]{binary("relu backward", g, x.value(), (gv, xv) -> xv > 0 ? gv : 0f)}, x);
    }

    /** SiLU / swish: x·σ(x); dy/dx = σ(x)·(1 + x·(1-σ(x))). */
    public static Var silu(Var x) {
        Tensor y = unary(x.value(), v -> v * sigmoid(v));
        return Tape.record("silu", y, g -> new Tensor[]{binary("silu backward", g, x.value(), (gv, xv) -> {
            float s = sigmoid(xv);
            return gv * s * (1 + xv * (1 - s));
        })}, x);
    }

    /** GELU, exact form (BERT, RoBERTa): x·Φ(x); dy/dx = Φ(x) + x·φ(x). */
    public static Var gelu(Var x) {
        Tensor y = unary(x.value(), v -> (float) (0.5 * v * (1 + Erf.erf(v / Math.sqrt(2)))));
        return Tape.record("gelu", y, g -> new Tensor[]{binary("gelu backward", g, x.value(), (gv, xv) -> {
            double cdf = 0.5 * (1 + Erf.erf(xv / Math.sqrt(2)));
            double pdf = Math.exp(-0.5 * xv * xv) / Math.sqrt(2 * Math.PI);
            return (float) (gv * (cdf + xv * pdf));
        })}, x);
    }

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    /** GELU, tanh approximation (GPT-2's "gelu_new"): 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). */
    public static Var geluTanh(Var x) {
        Tensor y = unary(x.value(), v -> (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)))));
        return Tape.record("geluTanh", y, g -> new Tensor[]{binary("geluTanh backward", g, x.value(), (gv, xv) -> {
            double t = Math.tanh(SQRT_2_OVER_PI * (xv + 0.044715 * xv * xv * xv));
            double du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * xv * xv);
            return (float) (gv * (0.5 * (1 + t) + 0.5 * xv * (1 - t * t) * du));
        })}, x);
    }

    static float sigmoid(float v) {
        return v >= 0 ? (float) (1 / (1 + Math.exp(-v))) : (float) (Math.exp(v) / (1 + Math.exp(v)));
    }

    // =============================================================== reductions

    /** Sum of all elements (a 0-dim Var); the gradient spreads g to every element. */
    public static Var sum(Var x) {
        int[] shape = x.shape();
        return Tape.record("sum", Tensor.scalar(sumAll(x.value())), g -> new Tensor[]{g.expand(shape)}, x);
    }

    /** Sum along one dim. */
    public static Var sum(Var x, int dim, boolean keepDim) {
        int d = Shapes.dim(dim, x.dim(), "sum");
        int[] shape = x.shape();
        return Tape.record("sum(dim)", TensorMath.sum(x.value(), d, keepDim), g -> new Tensor[]{
                (keepDim ? g : g.unsqueeze(d)).expand(shape)}, x);
    }

    /** Mean of all elements. */
    public static Var mean(Var x) {
        if (x.numel() == 0) throw new IllegalArgumentException("mean of an empty Var (shape " + Shapes.str(x.shape()) + ")");
        return mulScalar(sum(x), 1f / x.numel());
    }

    /** Mean along one dim. */
    public static Var mean(Var x, int dim, boolean keepDim) {
        int n = x.size(dim);
        return mulScalar(sum(x, dim, keepDim), 1f / n);
    }

    // =============================================================== matrix products

    /**
     * NumPy matmul with broadcast batch dims. For c = a·b: dA = g·bᵀ and dB = aᵀ·g, each summed over the batch
     * dims its operand was broadcast along. 1-D operands are promoted (and the result squeezed) as NumPy does.
     */
    public static Var matmul(Var a, Var b) {
        if (a.dim() == 1) return squeeze(matmul(unsqueeze(a, 0), b), -2);
        if (b.dim() == 1) return squeeze(matmul(a, unsqueeze(b, 1)), -1);
        Tensor out = TensorMath.matmul(a.value(), b.value());
        return Tape.record("matmul", out, g -> new Tensor[]{
                a.requiresGrad() ? sumTo(TensorMath.matmul(g, b.value().transpose(-1, -2)), a.shape()) : null,
                b.requiresGrad() ? sumTo(TensorMath.matmul(a.value().transpose(-1, -2), g), b.shape()) : null}, a, b);
    }

    /**
     * y = x·Wᵀ + b with x [..., in], W [out, in], b [out] (nullable). W may be a frozen read-only F16/BF16/F32
     * segment: the forward and dX = g·W read it in place, and no dW is computed unless W requires grad, so no
     * fp32 copy of a frozen weight is ever made.
     */
    public static Var linear(Var x, Var weight, Var bias) {
        int[] ws = weight.shape();
        if (weight.dim() != 2) throw new IllegalArgumentException("linear: weight must be [out, in], got " + Shapes.str(ws));
        if (x.dim() < 1 || x.size(-1) != ws[1])
            throw new IllegalArgumentException("linear: input " + Shapes.str(x.shape()) + " has last dim " + (x.dim() < 1 ? "none" : x.size(-1)) + ", weight " + Shapes.str(ws) + " expects " + ws[1]);
        if (bias != null && (bias.dim() != 1 || bias.size(0) != ws[0]))
            throw new IllegalArgumentException("linear: bias " + Shapes.str(bias.shape()) + " does not match weight " + Shapes.str(ws) + " (expected [" + ws[0] + "])");
        Tensor w = weight.value();
        Tensor y = TensorMath.matmul(x.value(), w.transpose(0, 1));
        if (bias != null) y = TensorMath.add(y, bias.value());
        int in = ws[1], outF = ws[0];
        Backward bw = g -> {
            Tensor gx = x.requiresGrad() ? TensorMath.matmul(g, w) : null;                 // dX = g·W
            Tensor g2 = g.reshape(-1, outF);
            Tensor gw = weight.requiresGrad() ? TensorMath.matmul(g2.transpose(0, 1), x.value().reshape(-1, in)) : null; // dW = gᵀ·x
            Tensor gb = bias != null && bias.requiresGrad() ? TensorMath.sum(g2, 0, false) : null;                   // db = Σ g
            return new Tensor[]{gx, gw, gb};
        };
        return Tape.record("linear", y, bw, x, weight, bias);
    }

    // =============================================================== views (no copy forward; backward undoes the view)

    public static Var reshape(Var x, int... shape) {
        int[] in = x.shape();
        return Tape.record("reshape", x.value().reshape(shape), g -> new Tensor[]{g.reshape(in)}, x);
    }

    public static Var permute(Var x, int... order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[Shapes.dim(order[i], order.length, "permute")] = i;
        return Tape.record("permute", x.value().permute(order), g -> new Tensor[]{g.permute(inverse)}, x);
    }

    public static Var transpose(Var x, int a, int b) {
        return Tape.record("transpose", x.value().transpose(a, b), g -> new Tensor[]{g.transpose(a, b)}, x);
    }

    /** Elements start..start+length-1 along dim; the gradient lands in that window of a zero tensor. */
    public static Var narrow(Var x, int dim, int start, int length) {
        int d = Shapes.dim(dim, x.dim(), "narrow");
        int[] in = x.shape();
        return Tape.record("narrow", x.value().narrow(d, start, length), g -> {
            Tensor gx = Tensor.zeros(in);
            Tensors.copyInto(g, gx.narrow(d, start, length));
            return new Tensor[]{gx};
        }, x);
    }

    /** Python-style slice start:end along dim. */
    public static Var slice(Var x, int dim, int start, int end) { return narrow(x, dim, start, end - start); }

    /** Picks index i along dim, removing the dim. */
    public static Var select(Var x, int dim, int index) {
        int d = Shapes.dim(dim, x.dim(), "select");
        int i = index < 0 ? index + x.size(d) : index;
        int[] in = x.shape();
        return Tape.record("select", x.value().select(d, i), g -> {
            Tensor gx = Tensor.zeros(in);
            Tensors.copyInto(g, gx.select(d, i));
            return new Tensor[]{gx};
        }, x);
    }

    public static Var unsqueeze(Var x, int dim) {
        int[] in = x.shape();
        return Tape.record("unsqueeze", x.value().unsqueeze(dim), g -> new Tensor[]{g.reshape(in)}, x);
    }

    public static Var squeeze(Var x, int dim) {
        int[] in = x.shape();
        return Tape.record("squeeze", x.value().squeeze(dim), g -> new Tensor[]{g.reshape(in)}, x);
    }

    /** Broadcast view; the gradient sums over the repeated copies. */
    public static Var expand(Var x, int... shape) {
        int[] in = x.shape();
        return Tape.record("expand", x.value().expand(shape), g -> new Tensor[]{sumTo(g, in)}, x);
    }

    /** Concatenation along dim; each part's gradient is its window of g. */
    public static Var concat(int dim, Var... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: no Vars");
        int d = Shapes.dim(dim, parts[0].dim(), "concat");
        Tensor[] values = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = parts[i].value();
        Tensor out = Tensors.concat(d, values);
        return Tape.record("concat", out, g -> {
            Tensor[] gs = new Tensor[parts.length];
            int at = 0;
            for (int i = 0; i < parts.length; i++) {
                int len = parts[i].size(d);
                if (parts[i].requiresGrad()) gs[i] = g.narrow(d, at, len);
                at += len;
            }
            return gs;
        }, parts);
    }

    /** Splits along dim into pieces of the given size (the last may be smaller); each piece is a differentiable narrow. */
    public static List<Var> split(Var x, int size, int dim) {
        int d = Shapes.dim(dim, x.dim(), "split");
        if (size <= 0) throw new IllegalArgumentException("split: size must be positive, got " + size);
        List<Var> out = new ArrayList<>();
        for (int at = 0; at < x.size(d); at += size) out.add(narrow(x, d, at, Math.min(size, x.size(d) - at)));
        return out;
    }

    /** Rows of x along dim picked by a 1-D integer index; the gradient is scatter-added back (repeats accumulate). */
    public static Var indexSelect(Var x, int dim, Tensor index) {
        int d = Shapes.dim(dim, x.dim(), "indexSelect");
        Tensor out = Tensors.indexSelect(x.value(), d, index);
        int[] in = x.shape();
        long[] idx = index.toLongArray();
        return Tape.record("indexSelect", out, g -> new Tensor[]{indexAdd(in, d, idx, g)}, x);
    }

    /** Sets elements where mask is nonzero (mask broadcasts to x) to value; those elements get no gradient. */
    public static Var maskedFill(Var x, Tensor mask, float value) {
        Tensor out = binary("maskedFill", x.value(), mask, (v, m) -> m != 0 ? value : v);
        if (!Arrays.equals(out.shape(), x.shape()))
            throw new IllegalArgumentException("maskedFill: mask " + Shapes.str(mask.shape()) + " must broadcast to the input " + Shapes.str(x.shape()) + ", not enlarge it");
        return Tape.record("maskedFill", out, g -> new Tensor[]{binary("maskedFill backward", g, mask, (gv, m) -> m != 0 ? 0f : gv)}, x);
    }

    // =============================================================== softmax family (along the last dim)

    /** Softmax along the last dim. For y = softmax(x): dx = y ⊙ (g - Σ g⊙y). */
    public static Var softmax(Var x) { return softmax(x, null, false); }

    /**
     * Softmax along the last dim of x + mask, with an optional causal mask. mask (nullable) is additive and
     * broadcasts to x (e.g. [B, 1, 1, T] with 0 for tokens and a large negative for padding); causal hides key j
     * from query i when j > i + (keys - queries), so a query block at the end of a KV cache sees its past. A row
     * that is entirely masked (all -inf) yields zeros rather than NaN.
     */
    public static Var softmax(Var x, Tensor mask, boolean causal) {
        Tensor y = RowMath.softmax(RowMath.masked(x.value(), mask, causal));
        return Tape.record("softmax", y, g -> new Tensor[]{RowMath.softmaxBackward(g, y)}, x);
    }

    /** Softmax along dim (moved to the end and back). */
    public static Var softmax(Var x, int dim) {
        int d = Shapes.dim(dim, x.dim(), "softmax");
        if (d == x.dim() - 1) return softmax(x);
        return transpose(softmax(transpose(x, d, -1)), d, -1);
    }

    /** log(softmax(x)) along the last dim, computed stably. dx = g - softmax(x)·Σ g. */
    public static Var logSoftmax(Var x) { return logSoftmax(x, null, false); }

    public static Var logSoftmax(Var x, Tensor mask, boolean causal) {
        Tensor y = RowMath.logSoftmax(RowMath.masked(x.value(), mask, causal));
        return Tape.record("logSoftmax", y, g -> new Tensor[]{RowMath.logSoftmaxBackward(g, y)}, x);
    }

    // =============================================================== normalisation

    /**
     * LayerNorm over the last dim: y = (x - μ)/√(σ² + eps) · w + b, with w, b [D] nullable. With x̂ the
     * normalised input and r = 1/√(σ² + eps): dx = r·(ĝ - mean(ĝ) - x̂·mean(ĝ⊙x̂)) where ĝ = g⊙w; dw = Σ g⊙x̂; db = Σ g.
     */
    public static Var layerNorm(Var x, Var weight, Var bias, float eps) {
        int dModel = x.size(-1);
        checkNormParam("layerNorm", "weight", weight, dModel);
        checkNormParam("layerNorm", "bias", bias, dModel);
        RowMath.Normalized n = RowMath.layerNorm(x.value(), eps);
        Tensor y = n.xhat();
        if (weight != null) y = TensorMath.mul(y, weight.value());
        if (bias != null) y = TensorMath.add(y, bias.value());
        return Tape.record("layerNorm", y, g -> {
            Tensor gHat = weight != null ? TensorMath.mul(g, weight.value()) : g;
            Tensor gx = x.requiresGrad() ? RowMath.layerNormBackward(gHat, n) : null;
            Tensor gw = weight != null && weight.requiresGrad() ? sumTo(TensorMath.mul(g, n.xhat()), weight.shape()) : null;
            Tensor gb = bias != null && bias.requiresGrad() ? sumTo(g, bias.shape()) : null;
            return new Tensor[]{gx, gw, gb};
        }, x, weight, bias);
    }

    /**
     * RMSNorm over the last dim (LLaMA): y = x / √(mean(x²) + eps) · w. With x̂ = x·r, r = 1/√(mean(x²) + eps),
     * ĝ = g⊙w: dx = r·(ĝ - x̂·mean(ĝ⊙x̂)); dw = Σ g⊙x̂.
     */
    public static Var rmsNorm(Var x, Var weight, float eps) {
        checkNormParam("rmsNorm", "weight", weight, x.size(-1));
        RowMath.Normalized n = RowMath.rmsNorm(x.value(), eps);
        Tensor y = weight != null ? TensorMath.mul(n.xhat(), weight.value()) : n.xhat();
        return Tape.record("rmsNorm", y, g -> {
            Tensor gHat = weight != null ? TensorMath.mul(g, weight.value()) : g;
            Tensor gx = x.requiresGrad() ? RowMath.rmsNormBackward(gHat, n) : null;
            Tensor gw = weight != null && weight.requiresGrad() ? sumTo(TensorMath.mul(g, n.xhat()), weight.shape()) : null;
            return new Tensor[]{gx, gw};
        }, x, weight);
    }

    private static void checkNormParam(String op, String what, Var p, int dModel) {
        if (p != null && (p.dim() != 1 || p.size(0) != dModel))
            throw new IllegalArgumentException(op + ": " + what + " has shape " + Shapes.str(p.shape()) + ", expected [" + dModel + "] (the input's last dim)");
    }

    // =============================================================== positions and tokens

    /**
     * Rotary position embedding, LLaMA's rotate-half layout: x [..., T, D] (D even), positions[t] the absolute
     * position of row t, frequencies theta^(-2j/D). Rotation is orthogonal, so the backward rotates g by -angle.
     */
    public static Var rope(Var x, int[] positions, double theta) {
        Tensor y = RowMath.rope(x.value(), positions, theta, false);
        return Tape.record("rope", y, g -> new Tensor[]{RowMath.rope(g, positions, theta, true)}, x);
    }

    /**
     * Embedding lookup: rows of weight [V, D] picked by integer ids of any shape, giving [ids..., D]. The gradient
     * is a scatter-add of g's rows into a [V, D] zero buffer (only the looked-up rows are touched), and only when
     * weight requires grad.
     */
    public static Var embedding(Var weight, Tensor ids) {
        if (weight.dim() != 2) throw new IllegalArgumentException("embedding: weight must be [vocab, dim], got " + Shapes.str(weight.shape()));
        if (ids.dtype().isFloating()) throw new IllegalArgumentException("embedding: ids must be an integer tensor, got " + ids.dtype());
        int[] ws = weight.shape();
        long[] flat = ids.toLongArray();
        for (int i = 0; i < flat.length; i++)
            if (flat[i] < 0 || flat[i] >= ws[0])
                throw new IndexOutOfBoundsException("embedding: id " + flat[i] + " at flat position " + i + " outside vocabulary of " + ws[0]);
        Tensor rows = Tensors.indexSelect(weight.value(), 0, Tensor.ofLongs(flat, flat.length));
        Tensor out = rows.reshape(TensorMath.concat(ids.shape(), ws[1]));
        return Tape.record("embedding", out, g -> new Tensor[]{indexAdd(ws, 0, flat, g.reshape(flat.length, ws[1]))}, weight);
    }

    /**
     * Inverted dropout: in training, zeroes each element with probability p and scales the rest by 1/(1-p); the
     * same mask multiplies the gradient. The RNG is the caller's, so runs are reproducible. Outside training (or
     * with p = 0) returns x itself.
     */
    public static Var dropout(Var x, float p, RandomGenerator rng, boolean training) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        if (!training || p == 0) return x;
        int n = x.numel();
        float scale = 1f / (1 - p);
        float[] m = new float[n];
        for (int i = 0; i < n; i++) m[i] = rng.nextFloat() < p ? 0f : scale;
        Tensor mask = Tensor.of(m, x.shape());
        return Tape.record("dropout", TensorMath.mul(x.value(), mask), g -> new Tensor[]{TensorMath.mul(g, mask)}, x);
    }
}
