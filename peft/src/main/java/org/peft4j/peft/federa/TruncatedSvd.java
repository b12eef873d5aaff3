package org.peft4j.peft.federa;

import org.peft4j.tensor.Tensor;

/**
 * The top-k singular triplets of an m×n matrix, W ≈ U·diag(S)·Vᵀ, singular values in descending order.
 *
 * @param u [m, k] with orthonormal columns
 * @param s k singular values, descending
 * @param v [n, k] with orthonormal columns
 */
public record TruncatedSvd(Tensor u, double[] s, Tensor v) {
    public int rank() { return s.length; }
}
