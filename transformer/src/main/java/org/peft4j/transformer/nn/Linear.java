package org.peft4j.transformer.nn;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Tape;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import java.util.Random;

/**
 * y = x·Wᵀ + b with W [out, in] as nn.Linear stores it. W is held as given: a frozen weight mapped from a
 * safetensors file stays an F32/F16/BF16 segment view, read in place by the GEMM (never copied to the heap).
 */
public final class Linear extends Module implements LinearLayer {
    private final Parameter weight;
    private final Parameter bias;

    /** @param weight [out, in]; @param bias [out] or null; parameters start frozen unless requiresGrad */
    public Linear(String path, Tensor weight, Tensor bias, boolean requiresGrad) {
        super(path);
        if (weight.dim() != 2)
            throw new IllegalArgumentException("Linear '" + path + "': weight must be [out, in], found shape " + Shapes.str(weight.shape()));
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0)))
            throw new IllegalArgumentException("Linear '" + path + "': bias must be [" + weight.size(0) + "], found shape " + Shapes.str(bias.shape()));
        this.weight = addParameter("weight", weight, requiresGrad);
        this.bias = bias == null ? null : addParameter("bias", bias, requiresGrad);
    }

    /** A Linear that shares an existing weight parameter (tied embeddings: GPT-2's lm_head is wte.weight). */
    public Linear(String path, Parameter tiedWeight) {
        super(path);
        if (tiedWeight.dim() != 2)
            throw new IllegalArgumentException("Linear '" + path + "': tied weight must be [out, in], found shape " + Shapes.str(tiedWeight.shape()));
        this.weight = addParameter("weight", tiedWeight);
        this.bias = null;
    }

    /** Random N(0, std²) weight and zero bias (fp32 heap), e.g. for benchmarks and fresh heads. */
    public static Linear random(String path, int in, int out, boolean withBias, float std, Random rng, boolean requiresGrad) {
        return new Linear(path, Tensor.randn(rng, std, out, in), withBias ? Tensor.zeros(out) : null, requiresGrad);
    }

    @Override
    public Var forward(Var x) {
        // inference on a few rows (decoding): stream the weight once instead of packing it for the GEMM
        if (!Tape.anyRequiresGrad(x, weight, bias) && SmallBatchLinear.applies(x.value(), weight.value()))
            return Var.constant(SmallBatchLinear.linear(x.value(), weight.value(), bias == null ? null : bias.value()));
        return F.linear(x, weight, bias);
    }

    @Override public int inFeatures() { return weight.size(1); }
    @Override public int outFeatures() { return weight.size(0); }
    @Override public Parameter weight() { return weight; }
    @Override public Parameter bias() { return bias; }
    @Override public boolean weightIsInOut() { return false; }
}
