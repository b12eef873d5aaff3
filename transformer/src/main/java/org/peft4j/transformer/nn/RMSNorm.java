package org.peft4j.transformer.nn;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/** LLaMA's RMSNorm: w ⊙ x / √(mean(x²) + eps) over the last dim. */
public final class RMSNorm extends Module implements Layer {
    private final Parameter weight;
    private final float eps;

    public RMSNorm(String path, Tensor weight, float eps, boolean requiresGrad) {
        super(path);
        if (weight.dim() != 1)
            throw new IllegalArgumentException("RMSNorm '" + path + "': weight must be [dim], found " + Shapes.str(weight.shape()));
        this.weight = addParameter("weight", weight, requiresGrad);
        this.eps = eps;
    }

    public static RMSNorm identity(String path, int dim, float eps, boolean requiresGrad) {
        return new RMSNorm(path, Tensor.ones(dim), eps, requiresGrad);
    }

    @Override
    public Var forward(Var x) { return F.rmsNorm(x, weight, eps); }

    public Parameter weight() { return weight; }
    public float eps() { return eps; }
}
