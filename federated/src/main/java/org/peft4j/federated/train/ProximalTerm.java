package org.peft4j.federated.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.finetune.train.TrainStep;
import org.peft4j.tensor.Tensor;

/**
 * FedProx (Li et al., "Federated Optimization in Heterogeneous Networks", MLSys 2020): the client minimises
 * its loss plus μ/2·Σ‖w − w_global‖² over the trainable tensors, which keeps local models near the global one
 * when client data differ. The global values are constants of the round (no gradient flows into them).
 */
public final class ProximalTerm {
    private ProximalTerm() {}

    /**
     * The step's loss plus the proximal term; globals holds each trainable parameter's round-start value by
     * parameter name.
     */
    public static <B> TrainStep<B> wrap(TrainStep<B> step, List<Parameter> trainable, Map<String, Tensor> globals, double mu) {
        if (!(mu > 0)) throw new IllegalArgumentException("FedProx mu must be > 0, got " + mu);
        List<Var> anchors = new ArrayList<>();
        for (Parameter p : trainable) {
            Tensor g = globals.get(p.name());
            if (g == null) throw new IllegalArgumentException("FedProx: no round-start value for trainable parameter '" + p.name() + "'");
            anchors.add(Var.constant(g));
        }
        return batch -> {
            Var loss = step.loss(batch);
            Var prox = null;
            for (int i = 0; i < trainable.size(); i++) {
                Var d = F.sub(trainable.get(i), anchors.get(i));
                Var sq = F.sum(F.mul(d, d));
                prox = prox == null ? sq : F.add(prox, sq);
            }
            return F.add(loss, F.mulScalar(prox, (float) (mu / 2)));
        };
    }

    /** μ/2·Σ‖w − g‖² computed directly (for logs and tests). */
    public static double value(List<Parameter> trainable, Map<String, Tensor> globals, double mu) {
        double s = 0;
        for (Parameter p : trainable) {
            float[] w = p.value().toFloatArray(), g = globals.get(p.name()).toFloatArray();
            for (int i = 0; i < w.length; i++) s += (double) (w[i] - g[i]) * (w[i] - g[i]);
        }
        return mu / 2 * s;
    }
}
