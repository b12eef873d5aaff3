package org.peft4j.transformer.nn;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Tape;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import java.util.Random;

/**
 * GPT-2's "Conv1D": a dense layer y = x·W + b whose weight is stored [in, out] (transposed with respect to
 * nn.Linear). Computed as linear(x, Wᵀ) over a transposed view, so the stored tensor is never copied.
 */
public final class Conv1D extends Module implements LinearLayer {
    private final Parameter weight;
    private final Parameter bias;

    /** @param weight [in, out]; @param bias [out] or null */
    public Conv1D(String path, Tensor weight, Tensor bias, boolean requiresGrad) {
        super(path);
        if (weight.dim() != 2)
            throw new IllegalArgumentException("Conv1D '" + path + "': weight must be [in, out], found shape " + Shapes.str(weight.shape()));
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(1)))
            throw new IllegalArgumentException("Conv1D '" + path + "': bias must be [" + weight.size(1) + "], found shape " + Shapes.str(bias.shape()));
        this.weight = addParameter("weight", weight, requiresGrad);
        this.bias = bias == null ? null : addParameter("bias", bias, requiresGrad);
    }

    public static Conv1D random(String path, int in, int out, float std, Random rng, boolean requiresGrad) {
        return new Conv1D(path, Tensor.randn(rng, std, in, out), Tensor.zeros(out), requiresGrad);
    }

    @Override
    public Var forward(Var x) {
        Tensor wt = weight.value().transpose(0, 1);
        // inference on a few rows (decoding): stream the weight once instead of packing it for the GEMM
        if (!Tape.anyRequiresGrad(x, weight, bias) && SmallBatchLinear.applies(x.value(), wt))
            return Var.constant(SmallBatchLinear.linear(x.value(), wt, bias == null ? null : bias.value()));
        return F.linear(x, F.transpose(weight, 0, 1), bias);
    }

    @Override public int inFeatures() { return weight.size(0); }
    @Override public int outFeatures() { return weight.size(1); }
    @Override public Parameter weight() { return weight; }
    @Override public Parameter bias() { return bias; }
    @Override public boolean weightIsInOut() { return true; }
}
