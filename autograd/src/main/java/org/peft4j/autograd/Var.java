package org.peft4j.autograd;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * A value in a differentiable computation: a {@link Tensor} plus what autograd needs to know about it.
 * <ul>
 *   <li>A <b>leaf</b> is made by the user ({@code new Var(t, true)} or a {@link Parameter}); if it requires grad,
 *       {@link #backward()} accumulates into its {@link #grad()}.</li>
 *   <li>A <b>non-leaf</b> is the output of an op recorded while {@link GradMode#isEnabled() grad mode} was on and
 *       some input required grad; it points at the {@link Node} that made it. Its gradient flows through and is
 *       not kept (unless {@link #retainGrad()} asked for it).</li>
 * </ul>
 * Values are treated as immutable once used by an op: ops never write into their inputs, and the optimizer
 * updates parameters in place only between steps, after backward. Differentiable functions live in {@link F};
 * the instance methods here are shorthands for the common ones.
 */
public class Var {
    private Tensor value;
    private Tensor grad;
    private boolean requiresGrad;
    private boolean retainGrad;
    private final Node node;

    /** A constant leaf: does not require grad. */
    public Var(Tensor value) { this(value, false); }

    /** A leaf that requires grad if asked (the value must be floating point then). */
    public Var(Tensor value, boolean requiresGrad) {
        this.value = requireValue(value);
        this.node = null;
        setRequiresGrad(requiresGrad);
    }

    /** A non-leaf made by {@link Tape#record}. */
    Var(Tensor value, Node node) {
        this.value = requireValue(value);
        this.node = node;
        this.requiresGrad = true;
    }

    private static Tensor requireValue(Tensor value) {
        if (value == null) throw new NullPointerException("Var value is null");
        return value;
    }

    /** A constant leaf wrapping t (no gradient). */
    public static Var constant(Tensor t) { return new Var(t, false); }

    /** A leaf wrapping t that requires grad. */
    public static Var leaf(Tensor t) { return new Var(t, true); }

    // ---------------------------------------------------------------- value and metadata

    public Tensor value() { return value; }
    public int[] shape() { return value.shape(); }
    public int dim() { return value.dim(); }
    public int size(int d) { return value.size(d); }
    public int numel() { return value.numel(); }
    /** The single value of a one-element Var (e.g. a loss). */
    public float item() { return value.item(); }

    public boolean requiresGrad() { return requiresGrad; }
    public boolean isLeaf() { return node == null; }

    /** Name of the op that produced this Var, or "leaf". */
    public String op() { return node == null ? "leaf" : node.op; }

    Node node() { return node; }

    /** Turns gradient tracking of a leaf on or off (e.g. freezing a bias for BitFit); returns this. */
    public Var setRequiresGrad(boolean requiresGrad) {
        if (node != null)
            throw new IllegalStateException("setRequiresGrad on the output of op '" + node.op + "': only leaves can change it; use detach()");
        if (requiresGrad && !value.dtype().isFloating())
            throw new IllegalArgumentException("only floating-point Vars can require grad, this one is " + value.dtype());
        this.requiresGrad = requiresGrad;
        return this;
    }

    /**
     * Replaces a leaf's value (loading a checkpoint, or an aggregated federated adapter) with one of the same shape.
     * Not allowed on op outputs: the graph depends on them.
     */
    public void setValue(Tensor newValue) {
        if (node != null) throw new IllegalStateException("setValue on the output of op '" + node.op + "': only leaves can be reassigned");
        if (!java.util.Arrays.equals(newValue.shape(), value.shape()))
            throw new IllegalArgumentException("setValue: new shape " + Shapes.str(newValue.shape()) + " differs from " + Shapes.str(value.shape()));
        this.value = newValue;
    }

    // ---------------------------------------------------------------- gradients

    /** The accumulated gradient (contiguous heap F32, same shape), or null if none has arrived since the last zeroGrad. */
    public Tensor grad() { return grad; }

    /** Forgets the accumulated gradient (like PyTorch's zero_grad(set_to_none=True)). */
    public void zeroGrad() { grad = null; }

    /** Asks backward to keep this non-leaf's gradient in {@link #grad()} too; returns this. */
    public Var retainGrad() {
        if (!requiresGrad) throw new IllegalStateException("retainGrad on a Var that does not require grad (op '" + op() + "')");
        retainGrad = true;
        return this;
    }

    boolean retainsGrad() { return node == null || retainGrad; }

    /** Sets the gradient directly (the optimizer tests and gradient aggregation use this). */
    public void setGrad(Tensor g) {
        if (g != null && !java.util.Arrays.equals(g.shape(), value.shape()))
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.str(g.shape()) + " differs from value shape " + Shapes.str(value.shape()));
        grad = g == null ? null : GradBuffer.owned(g);
    }

    /** Adds g into the stored gradient (the engine's path to leaves); {@link Parameter} applies its mask here. */
    void accumulateGrad(Tensor g) {
        if (grad == null) grad = GradBuffer.owned(g);
        else GradBuffer.addInto(grad, g);
    }

    /** Backward from a one-element Var (a loss) with seed 1. */
    public void backward() { Tape.backward(this, null, false); }

    /** Backward from any Var with the given gradient of the final quantity with respect to it (same shape). */
    public void backward(Tensor seed) { Tape.backward(this, seed, false); }

    /** As {@link #backward(Tensor)}; with retainGraph the recorded ops stay usable for another backward. */
    public void backward(Tensor seed, boolean retainGraph) { Tape.backward(this, seed, retainGraph); }

    /** The same value as a constant leaf: gradients do not flow through it. Shares storage. */
    public Var detach() { return new Var(value, false); }

    // ---------------------------------------------------------------- shorthands for F

    public Var add(Var o) { return F.add(this, o); }
    public Var sub(Var o) { return F.sub(this, o); }
    public Var mul(Var o) { return F.mul(this, o); }
    public Var div(Var o) { return F.div(this, o); }
    public Var neg() { return F.neg(this); }
    public Var add(float s) { return F.addScalar(this, s); }
    public Var mul(float s) { return F.mulScalar(this, s); }
    public Var matmul(Var o) { return F.matmul(this, o); }
    public Var reshape(int... shape) { return F.reshape(this, shape); }
    public Var permute(int... order) { return F.permute(this, order); }
    public Var transpose(int a, int b) { return F.transpose(this, a, b); }
    public Var narrow(int dim, int start, int length) { return F.narrow(this, dim, start, length); }
    public Var select(int dim, int index) { return F.select(this, dim, index); }
    public Var unsqueeze(int dim) { return F.unsqueeze(this, dim); }
    public Var squeeze(int dim) { return F.squeeze(this, dim); }
    public Var expand(int... shape) { return F.expand(this, shape); }
    public Var sum() { return F.sum(this); }
    public Var sum(int dim, boolean keepDim) { return F.sum(this, dim, keepDim); }
    public Var mean() { return F.mean(this); }
    public Var mean(int dim, boolean keepDim) { return F.mean(this, dim, keepDim); }
    public Var exp() { return F.exp(this); }
    public Var log() { return F.log(this); }
    public Var tanh() { return F.tanh(this); }
    public Var sqrt() { return F.sqrt(this); }
    public Var pow(float exponent) { return F.pow(this, exponent); }

    @Override
    public String toString() {
        return "Var(" + op() + ", " + value.dtype() + " " + Shapes.str(value.shape())
                + (requiresGrad ? ", requiresGrad" : "") + (grad != null ? ", has grad" : "") + ")";
    }
}
