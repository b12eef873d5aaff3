package org.peft4j.federated.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.tensor.Tensor;

/**
 * FedAdam (Reddi et al., "Adaptive Federated Optimization", ICLR 2021, Algorithm 2): the masked FedAvg result
 * minus the current global is a pseudo-gradient Δ; the server keeps Adam moments m ← β1·m + (1−β1)·Δ and
 * v ← β2·v + (1−β2)·Δ² per element and moves the global by η·m / (√v + τ). As in the paper there is no bias
 * correction, and τ (the adaptivity) bounds the step where v is tiny. Elements no client sent have Δ = 0.
 * <p>
 * The moments live in memory: a server resumed from a checkpoint restarts them at zero.
 */
public final class FedAdam implements Aggregator {
    private final double eta, beta1, beta2, tau;
    private final Map<String, double[]> m = new HashMap<>();
    private final Map<String, double[]> v = new HashMap<>();

    public FedAdam(double eta, double beta1, double beta2, double tau) {
        if (!(eta > 0)) throw new IllegalArgumentException("FedAdam server learning rate must be > 0, got " + eta);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("FedAdam beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("FedAdam beta2 must be in [0, 1), got " + beta2);
        if (!(tau > 0)) throw new IllegalArgumentException("FedAdam tau must be > 0, got " + tau);
        this.eta = eta;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.tau = tau;
    }

    /** The paper's defaults for its text tasks: β1 = 0.9, β2 = 0.99, τ = 1e-3. */
    public static FedAdam withLearningRate(double eta) { return new FedAdam(eta, 0.9, 0.99, 1e-3); }

    @Override
    public Map<String, Tensor> aggregate(int round, Map<String, Tensor> global, List<Contribution> contributions) {
        Map<String, Tensor> avg = FedAvg.aggregate(global, contributions);
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : global.entrySet()) {
            String name = e.getKey();
            float[] x = e.getValue().toFloatArray();
            float[] a = avg.get(name).toFloatArray();
            double[] mm = m.computeIfAbsent(name, k -> new double[x.length]);
            double[] vv = v.computeIfAbsent(name, k -> new double[x.length]);
            if (mm.length != x.length) throw new IllegalStateException("tensor '" + name + "' changed size from " + mm.length + " to " + x.length + " between rounds");
            float[] next = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                double d = (double) a[i] - x[i];
                mm[i] = beta1 * mm[i] + (1 - beta1) * d;
                vv[i] = beta2 * vv[i] + (1 - beta2) * d * d;
                next[i] = (float) (x[i] + eta * mm[i] / (Math.sqrt(vv[i]) + tau));
            }
            out.put(name, Tensor.of(next, e.getValue().shape()));
        }
        return out;
    }

    @Override
    public String name() { return "fedadam"; }
}
