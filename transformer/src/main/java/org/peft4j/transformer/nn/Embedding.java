package org.peft4j.transformer.nn;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import java.util.Random;

/** A lookup table weight [num_embeddings, dim]: integer ids of any shape become [ids..., dim]. */
public final class Embedding extends Module {
    private final Parameter weight;

    public Embedding(String path, Tensor weight, boolean requiresGrad) {
        super(path);
        if (weight.dim() != 2)
            throw new IllegalArgumentException("Embedding '" + path + "': weight must be [num_embeddings, dim], found shape " + Shapes.str(weight.shape()));
        this.weight = addParameter("weight", weight, requiresGrad);
    }

    public static Embedding random(String path, int num, int dim, float std, Random rng, boolean requiresGrad) {
        return new Embedding(path, Tensor.randn(rng, std, num, dim), requiresGrad);
    }

    /** Rows for the given ids; an id outside [0, num_embeddings) throws naming the id, its position and the table size. */
    public Var forward(Tensor ids) { return F.embedding(weight, ids); }

    public Parameter weight() { return weight; }
    public int numEmbeddings() { return weight.size(0); }
    public int dim() { return weight.size(1); }
}
