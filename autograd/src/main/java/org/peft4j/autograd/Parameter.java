package org.peft4j.autograd;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named leaf of a model ("encoder.layer.0.attention.self.query.lora_A.weight"). Trainable parameters are fp32
 * heap tensors; frozen ones (requiresGrad false) may be read-only F16/BF16/F32 segments of a mapped file.
 * <p>
 * An optional gradient mask (same shape, 1 = trainable entry, 0 = frozen entry) implements Fisher-mask
 * fine-tuning: masked entries never receive a gradient, and the optimizers leave them bit-identical.
 */
public final class Parameter extends Var {
    private final String name;
    private Tensor gradMask;
    private boolean[] keep;

    /** A trainable parameter. */
    public Parameter(String name, Tensor value) { this(name, value, true); }

    public Parameter(String name, Tensor value, boolean requiresGrad) {
        super(value, requiresGrad);
        this.name = Objects.requireNonNull(name, "parameter name");
        if (name.isEmpty()) throw new IllegalArgumentException("parameter name is empty");
    }

    public String name() { return name; }

    /** The gradient mask, or null when every entry is trainable. */
    public Tensor gradMask() { return gradMask; }

    /**
     * Sets (or with null clears) the gradient mask: entries where the mask is 0 get no gradient and no update.
     * Any gradient already accumulated is masked at once.
     */
    public void setGradMask(Tensor mask) {
        if (mask == null) { gradMask = null; keep = null; return; }
        if (!Arrays.equals(mask.shape(), shape()))
            throw new IllegalArgumentException("gradient mask for '" + name + "' has shape " + Shapes.str(mask.shape())
                    + ", parameter has " + Shapes.str(shape()));
        float[] m = mask.toFloatArray();
        boolean[] k = new boolean[m.length];
        for (int i = 0; i < m.length; i++) {
            if (m[i] != 0f && m[i] != 1f)
                throw new IllegalArgumentException("gradient mask for '" + name + "' must hold 0 or 1, found " + m[i] + " at flat index " + i);
            k[i] = m[i] != 0f;
        }
        gradMask = mask;
        keep = k;
        if (grad() != null) GradBuffer.applyMask(grad(), keep);
    }

    /** Per-element "trainable" flags in row-major order, or null when unmasked. Optimizers read this; do not modify. */
    public boolean[] trainableEntries() { return keep; }

    @Override
    void accumulateGrad(Tensor g) {
        super.accumulateGrad(g);
        if (keep != null) GradBuffer.applyMask(grad(), keep);
    }

    @Override
    public void setGrad(Tensor g) {
        super.setGrad(g);
        if (keep != null && grad() != null) GradBuffer.applyMask(grad(), keep);
    }

    @Override
    public String toString() { return "Parameter(" + name + ", " + value().dtype() + " " + Shapes.str(shape()) + (requiresGrad() ? ", trainable" : ", frozen") + ")"; }
}
