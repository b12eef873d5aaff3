package org.peft4j.transformer.nn;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/** LayerNorm over the last dim with affine weight and bias [dim] (BERT, RoBERTa, GPT-2). */
public final class LayerNorm extends Module implements Layer {
    private final Parameter weight;
    private final Parameter bias;
    private final float eps;

    public LayerNorm(String path, Tensor weight, Tensor bias, float eps, boolean requiresGrad) {
        super(path);
        if (weight.dim() != 1 || bias.dim() != 1 || bias.size(0) != weight.size(0))
            throw new IllegalArgumentException("LayerNorm '" + path + "': weight and bias must both be [dim], found "
                    + Shapes.str(weight.shape()) + " and " + Shapes.str(bias.shape()));
        this.weight = addParameter("weight", weight, requiresGrad);
        this.bias = addParameter("bias", bias, requiresGrad);
        this.eps = eps;
    }

    /** Identity-initialised (weight 1, bias 0). */
    public static LayerNorm identity(String path, int dim, float eps, boolean requiresGrad) {
        return new LayerNorm(path, Tensor.ones(dim), Tensor.zeros(dim), eps, requiresGrad);
    }

    @Override
    public Var forward(Var x) { return F.layerNorm(x, weight, bias, eps); }

    public Parameter weight() { return weight; }
    public Parameter bias() { return bias; }
    public float eps() { return eps; }
}
