package org.peft4j.federated.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.federated.protocol.SparseTensor;
import org.peft4j.tensor.Tensor;

/**
 * Sample-weighted federated averaging (McMahan et al. 2017) with masks: every element becomes the weighted mean
 * of the values the clients sent for it, Σ n_c·v_c / Σ n_c over the clients whose update covers that element
 * (all of a dense tensor, the selected elements of a sparse one). Elements no client sent keep their global
 * value. Sums are in double and in client-id order, so the result does not depend on arrival order.
 */
public final class FedAvg {
    private FedAvg() {}

    /** Updates must already be validated against global (names, shapes, finite values). */
    public static Map<String, Tensor> aggregate(Map<String, Tensor> global, List<Contribution> contributions) {
        List<Contribution> ordered = new ArrayList<>(contributions);
        ordered.sort(Comparator.comparing(Contribution::clientId));
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> g : global.entrySet()) {
            String name = g.getKey();
            float[] base = Floats.of(g.getValue());
            double[] num = new double[base.length];
            double[] den = new double[base.length];
            for (Contribution c : ordered) {
                double w = c.samples();
                Tensor dense = c.update().dense().get(name);
                if (dense != null) {
                    float[] v = Floats.of(dense);
                    for (int i = 0; i < v.length; i++) {
                        num[i] += w * v[i];
                        den[i] += w;
                    }
                }
                SparseTensor sparse = c.update().sparse().get(name);
                if (sparse != null) {
                    float[] v = sparse.values();
                    for (int i = 0, j = 0; i < base.length; i++) {
                        if (sparse.isSelected(i)) {
                            num[i] += w * v[j++];
                            den[i] += w;
                        }
                    }
                }
            }
            float[] next = new float[base.length];
            for (int i = 0; i < next.length; i++) next[i] = den[i] > 0 ? (float) (num[i] / den[i]) : base[i];
            out.put(name, Tensor.of(next, g.getValue().shape()));
        }
        return out;
    }
}
