package org.peft4j.autograd;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.Tensors;
import org.peft4j.tensor.ops.LayerNormGrads;
import org.peft4j.tensor.ops.Linalg;
import org.peft4j.tensor.ops.LayerNormResult;
import org.peft4j.tensor.ops.RmsNormGrads;
import org.peft4j.tensor.ops.RmsNormResult;
import org.peft4j.tensor.ops.Ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;


/**
 * Differentiable functions. Each one computes its forward result eagerly and records, right beside it, how to
 * turn the gradient of its output into gradients of its inputs ({@link Tape#record}). Read them as a textbook:
 * the backward of y = f(x) is always written with g = dL/dy.
 * <p>
 * Broadcasting ops un-broadcast their gradients with {@link #unbroadcast}: an input that was repeated along a
 * dimension receives the sum of the gradients of its copies. Inputs that do not require grad get no gradient computed.
 */
public final class F {
    private F() {}

    /**
     * The gradient of an input of the given shape from the gradient g of a broadcast result: g itself when nothing
     * was broadcast (gradients passed between ops are never written in place, see {@code GradBuffer}), the sum over
     * the repeated dims otherwise. Returning g saves a full copy per residual add in backward.
     */
    static Tensor unbroadcast(Tensor g, int[] shape) {
        return java.util.Arrays.equals(g.shape(), shape) ? g : Ops.sumTo(g, shape);
    }

    // =============================================================== arithmetic with broadcasting

    /** a + b. */
    public static Var add(Var a, Var b) {
        Tensor out = Ops.add(a.value(), b.value());
        return Tape.record("add", out, g -> new Tensor[]{
                a.requiresGrad() ? unbroadcast(g, a.shape()) : null,
                b.requiresGrad() ? unbroadcast(g, b.shape()) : null}, a, b);
    }

    /** a - b. */
    public static Var sub(Var a, Var b) {
        Tensor out = Ops.sub(a.value(), b.value());
        return Tape.record("sub", out, g -> new Tensor[]{
                a.requiresGrad() ? unbroadcast(g, a.shape()) : null,
                b.requiresGrad() ? unbroadcast(Ops.neg(g), b.shape()) : null}, a, b);
    }

    /** a * b (elementwise). */
    public static Var mul(Var a, Var b) {
        Tensor out = Ops.mul(a.value(), b.value());
        return Tape.record("mul", out, g -> new Tensor[]{
                a.requiresGrad() ? unbroadcast(Ops.mul(g, b.value()), a.shape()) : null,
                b.requiresGrad() ? unbroadcast(Ops.mul(g, a.value()), b.shape()) : null}, a, b);
    }

    /** a / b (elementwise). d(a/b)/db = -a/b² = -out/b. */
    public static Var div(Var a, Var b) {
        Tensor out = Ops.div(a.value(), b.value());
        return Tape.record("div", out, g -> new Tensor[]{
                a.requiresGrad() ? unbroadcast(Ops.div(g, b.value()), a.shape()) : null,
                b.requiresGrad() ? unbroadcast(Ops.neg(Ops.div(Ops.mul(g, out), b.value())), b.shape()) : null}, a, b);
    }

    public static Var neg(Var x) {
        return Tape.record("neg", Ops.neg(x.value()), g -> new Tensor[]{Ops.neg(g)}, x);
    }

    public static Var addScalar(Var x, float s) {
        return Tape.record("addScalar", Ops.addScalar(x.value(), s), g -> new Tensor[]{g}, x);
    }

    public static Var mulScalar(Var x, float s) {
        return Tape.record("mulScalar", Ops.mulScalar(x.value(), s), g -> new Tensor[]{Ops.mulScalar(g, s)}, x);
    }

    /** s - x. */
    public static Var rsubScalar(float s, Var x) {
        return Tape.record("rsubScalar", Ops.addScalar(Ops.neg(x.value()), s), g -> new Tensor[]{Ops.neg(g)}, x);
    }

    // =============================================================== elementwise functions

    /** e^x; dy/dx = y. */
    public static Var exp(Var x) {
        Tensor y = Ops.exp(x.value());
        return Tape.record("exp", y, g -> new Tensor[]{Ops.mul(g, y)}, x);
    }

    /** ln x; dy/dx = 1/x. */
    public static Var log(Var x) {
        Tensor y = Ops.log(x.value());
        return Tape.record("log", y, g -> new Tensor[]{Ops.div(g, x.value())}, x);
    }

    /** √x; dy/dx = 1/(2y). */
    public static Var sqrt(Var x) {
        Tensor y = Ops.sqrt(x.value());
        return Tape.record("sqrt", y, g -> new Tensor[]{Ops.div(Ops.mulScalar(g, 0.5f), y)}, x);
    }

    /** x^p for a constant exponent; dy/dx = p·x^(p-1). */
    public static Var pow(Var x, float p) {
        Tensor y = Ops.pow(x.value(), p);
        return Tape.record("pow", y, g -> new Tensor[]{Ops.mul(g, Ops.mulScalar(Ops.pow(x.value(), p - 1), p))}, x);
    }

    /** tanh x; dy/dx = 1 - y². */
    public static Var tanh(Var x) {
        Tensor y = Ops.tanh(x.value());
        return Tape.record("tanh", y, g -> new Tensor[]{Ops.mul(g, Ops.addScalar(Ops.neg(Ops.square(y)), 1f))}, x);
    }

    /** 1/(1+e^-x); dy/dx = y(1-y). */
    public static Var sigmoid(Var x) {
        Tensor y = Ops.sigmoid(x.value());
        return Tape.record("sigmoid", y, g -> new Tensor[]{Ops.mul(Ops.mul(g, y), Ops.addScalar(Ops.neg(y), 1f))}, x);
    }

    /** max(x, 0); gradient 1 where x > 0. */
    public static Var relu(Var x) {
        Tensor y = Ops.relu(x.value());
        return Tape.record("relu", y, g -> new Tensor[]{Ops.mul(g, Ops.gt(x.value(), Tensor.scalar(0f)))}, x);
    }

    /** SiLU / swish: x·σ(x); dy/dx = σ(x)·(1 + x·(1-σ(x))). */
    public static Var silu(Var x) {
        return Tape.record("silu", Ops.silu(x.value()), g -> new Tensor[]{Ops.siluBackward(x.value(), g)}, x);
    }

    /** GELU, exact form (BERT, RoBERTa): x·Φ(x); dy/dx = Φ(x) + x·φ(x). */
    public static Var gelu(Var x) {
        return Tape.record("gelu", Ops.gelu(x.value(), false), g -> new Tensor[]{Ops.geluBackward(x.value(), g, false)}, x);
    }

    /**
     * GELU, tanh approximation (GPT-2's "gelu_new"): 0.5x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³);
     * dy/dx = 0.5(1 + tanh u) + 0.5x(1 - tanh²u)·du/dx.
     */
    public static Var geluTanh(Var x) {
        return Tape.record("geluTanh", Ops.gelu(x.value(), true), g -> new Tensor[]{Ops.geluBackward(x.value(), g, true)}, x);
    }

    // =============================================================== reductions

    /** Sum of all elements (a 0-dim Var); the gradient spreads g to every element. */
    public static Var sum(Var x) {
        int[] shape = x.shape();
        return Tape.record("sum", Ops.sumAll(x.value()), g -> new Tensor[]{g.expand(shape)}, x);
    }

    /** Sum along one dim. */
    public static Var sum(Var x, int dim, boolean keepDim) {
        int d = Shapes.dim(dim, x.dim(), "sum");
        int[] shape = x.shape();
        return Tape.record("sum(dim)", Ops.sum(x.value(), d, keepDim), g -> new Tensor[]{
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
        Tensor out = Linalg.matmul(a.value(), b.value());
        return Tape.record("matmul", out, g -> new Tensor[]{
                a.requiresGrad() ? unbroadcast(Linalg.matmul(g, b.value(), false, true), a.shape()) : null,   // g·bᵀ
                b.requiresGrad() ? unbroadcast(Linalg.matmul(a.value(), g, true, false), b.shape()) : null}, a, b); // aᵀ·g
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
        Tensor y = Linalg.linear(x.value(), w, value(bias));
        Backward bw = g -> new Tensor[]{
                x.requiresGrad() ? Linalg.linearGradInput(g, w) : null,                               // dX = g·W
                weight.requiresGrad() ? Linalg.linearGradWeight(g, x.value()) : null,                  // dW = gᵀ·x
                bias != null && bias.requiresGrad() ? unbroadcast(g, bias.shape()) : null};              // db = Σ g
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
            StridedCopy.copy(g, gx.narrow(d, start, length));
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
            StridedCopy.copy(g, gx.select(d, i));
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
        return Tape.record("expand", x.value().expand(shape), g -> new Tensor[]{unbroadcast(g, in)}, x);
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
        return Tape.record("indexSelect", out, g -> new Tensor[]{Scatter.indexAdd(in, d, idx, g)}, x);
    }

    /** Sets elements where mask is nonzero (mask broadcasts to x) to value; those elements get no gradient. */
    public static Var maskedFill(Var x, Tensor mask, float value) {
        Tensor out = Ops.maskedFill(x.value(), mask, value);
        if (!Arrays.equals(out.shape(), x.shape()))
            throw new IllegalArgumentException("maskedFill: mask " + Shapes.str(mask.shape()) + " must broadcast to the input " + Shapes.str(x.shape()) + ", not enlarge it");
        return Tape.record("maskedFill", out, g -> new Tensor[]{Ops.maskedFill(g, mask, 0f)}, x);
    }

    // =============================================================== softmax family (along the last dim)

    /** Softmax along the last dim. For y = softmax(x): dx = y ⊙ (g - Σ g⊙y). */
    public static Var softmax(Var x) { return softmax(x, null, false); }

    /**
     * Softmax along the last dim of x + mask, with an optional causal mask. mask (nullable, a constant) broadcasts
     * to x, e.g. [B, 1, 1, T]: a floating mask is additive (0 keeps, -inf or a large negative drops), an integer
     * mask is a keep mask (nonzero attends, like Hugging Face's attention_mask). causal hides key j from query i
     * when j > i + (keys - queries), so a query block at the end of a KV cache sees its past. A row with nothing
     * visible yields zeros rather than NaN. The backward is the plain softmax one: the mask is a constant.
     */
    public static Var softmax(Var x, Tensor mask, boolean causal) {
        Tensor y = Ops.softmax(x.value(), mask, causal);
        return Tape.record("softmax", y, g -> new Tensor[]{Ops.softmaxBackward(y, g)}, x);
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
        Tensor y = Ops.logSoftmax(x.value(), mask, causal);
        return Tape.record("logSoftmax", y, g -> new Tensor[]{Ops.logSoftmaxBackward(y, g)}, x);
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
        LayerNormResult r = Ops.layerNorm(x.value(), value(weight), value(bias), eps);
        return Tape.record("layerNorm", r.out(), g -> {
            LayerNormGrads d = Ops.layerNormBackward(g, x.value(), value(weight), r.mean(), r.rstd());
            return new Tensor[]{x.requiresGrad() ? d.dx() : null,
                    weight != null && weight.requiresGrad() ? d.dgamma() : null,
                    bias != null && bias.requiresGrad() ? d.dbeta() : null};
        }, x, weight, bias);
    }

    /**
     * RMSNorm over the last dim (LLaMA): y = x / √(mean(x²) + eps) · w. With x̂ = x·r, r = 1/√(mean(x²) + eps),
     * ĝ = g⊙w: dx = r·(ĝ - x̂·mean(ĝ⊙x̂)); dw = Σ g⊙x̂.
     */
    public static Var rmsNorm(Var x, Var weight, float eps) {
        checkNormParam("rmsNorm", "weight", weight, x.size(-1));
        RmsNormResult r = Ops.rmsNorm(x.value(), value(weight), eps);
        return Tape.record("rmsNorm", r.out(), g -> {
            RmsNormGrads d = Ops.rmsNormBackward(g, x.value(), value(weight), r.rstd());
            return new Tensor[]{x.requiresGrad() ? d.dx() : null, weight != null && weight.requiresGrad() ? d.dgamma() : null};
        }, x, weight);
    }

    private static Tensor value(Var v) { return v == null ? null : v.value(); }

    private static void checkNormParam(String op, String what, Var p, int dModel) {
        if (p != null && (p.dim() != 1 || p.size(0) != dModel))
            throw new IllegalArgumentException(op + ": " + what + " has shape " + Shapes.str(p.shape()) + ", expected [" + dModel + "] (the input's last dim)");
    }

    // =============================================================== positions and tokens

    /**
     * Rotary position embedding, LLaMA's rotate-half layout: x [B, H, T, D] (D even), positions [B, T], [1, T] or
     * [T] (integer; absolute positions, so a KV-cache step passes its offset), frequencies theta^(-2j/D). The
     * rotation is orthogonal, so the backward rotates g by the opposite angle.
     */
    public static Var rope(Var x, Tensor positions, float theta) {
        Tensor y = Ops.rope(x.value(), positions, theta, false);
        return Tape.record("rope", y, g -> new Tensor[]{Ops.rope(g, positions, theta, true)}, x);
    }

    /** Rotary embedding at the given positions (one per row of T). */
    public static Var rope(Var x, int[] positions, float theta) {
        long[] p = new long[positions.length];
        for (int i = 0; i < p.length; i++) p[i] = positions[i];
        return rope(x, Tensor.ofLongs(p, p.length), theta);
    }

    /**
     * Embedding lookup: rows of weight [V, D] picked by integer ids of any shape, giving [ids..., D]. The gradient
     * is a scatter-add of g's rows into a [V, D] zero buffer (only the looked-up rows are touched), and only when
     * weight requires grad.
     */
    public static Var embedding(Var weight, Tensor ids) {
        if (weight.dim() != 2) throw new IllegalArgumentException("embedding: weight must be [vocab, dim], got " + Shapes.str(weight.shape()));
        int vocab = weight.size(0);
        Tensor out = Ops.embedding(weight.value(), ids);
        return Tape.record("embedding", out, g -> new Tensor[]{Ops.embeddingBackward(g, ids, vocab)}, weight);
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
        return Tape.record("dropout", Ops.mul(x.value(), mask), g -> new Tensor[]{Ops.mul(g, mask)}, x);
    }
}
