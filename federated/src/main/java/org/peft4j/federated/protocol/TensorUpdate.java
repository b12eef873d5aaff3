package org.peft4j.federated.protocol;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.tensor.Tensor;

/**
 * What a client sends back: dense tensors and sparse (masked) tensors, by name. A name appears in at most one
 * of the two maps. A tensor a client did not train can simply be left out.
 */
public record TensorUpdate(Map<String, Tensor> dense, Map<String, SparseTensor> sparse) {
    public TensorUpdate {
        dense = Collections.unmodifiableMap(new TreeMap<>(dense));
        sparse = Collections.unmodifiableMap(new TreeMap<>(sparse));
        for (String name : sparse.keySet())
            if (dense.containsKey(name)) throw new IllegalArgumentException("tensor '" + name + "' is both dense and sparse in one update");
    }

    public static TensorUpdate dense(Map<String, Tensor> tensors) { return new TensorUpdate(tensors, Map.of()); }

    public boolean isEmpty() { return dense.isEmpty() && sparse.isEmpty(); }
}
