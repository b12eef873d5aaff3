package org.peft4j.peft.fisher;

import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.peft.PeftModel;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates the empirical Fisher information of a PEFT model's trainable entries: for each unit (one sample, or one
 * mini-batch — {@link Granularity}) a forward with labels, a backward of the loss, and the squared gradient added up;
 * F = sum / units. Gradient masks already on the parameters (a previous round's Fisher mask) are lifted while
 * estimating, so a recomputed mask can choose any entry, and put back afterwards; gradients are cleared at the end.
 */
public final class FisherEstimator {
    /** What one squared gradient is taken over. */
    public enum Granularity {
        /** Each sample of each batch alone (the textbook empirical Fisher; one backward per sample). */
        PER_SAMPLE,
        /** Each mini-batch as given (its mean loss; cheaper, a coarser estimate). */
        PER_BATCH
    }

    private FisherEstimator() {}

    /** @param batches inputs with labels (the model's forward must return a loss) */
    public static FisherInformation estimate(PeftModel model, List<ModelInput> batches, Granularity granularity) {
        List<Parameter> params = model.trainableParameters();
        Map<Parameter, double[]> sums = new IdentityHashMap<>();
        for (Parameter p : params) sums.put(p, new double[p.numel()]);
        Map<Parameter, Tensor> masks = new IdentityHashMap<>();
        for (Parameter p : params) if (p.gradMask() != null) { masks.put(p, p.gradMask()); p.setGradMask(null); }
        int units = 0;
        try {
            for (ModelInput batch : batches) {
                List<ModelInput> parts = granularity == Granularity.PER_BATCH ? List.of(batch) : rows(batch);
                for (ModelInput in : parts) {
                    for (Parameter p : params) p.zeroGrad();
                    Var loss = model.forward(in).loss();
                    if (loss == null) throw new IllegalArgumentException("Fisher estimation needs labels: the batch gave no loss");
                    loss.backward();
                    for (Parameter p : params) {
                        Tensor g = p.grad();
                        if (g == null) continue;              // no path from the loss (e.g. a head not used)
                        float[] gv = g.toFloatArray();
                        double[] s = sums.get(p);
                        for (int i = 0; i < gv.length; i++) s[i] += (double) gv[i] * gv[i];
                    }
                    units++;
                }
            }
        } finally {
            for (Parameter p : params) p.zeroGrad();
            masks.forEach(Parameter::setGradMask);
        }
        if (units == 0) throw new IllegalArgumentException("Fisher estimation needs at least one batch");
        Map<String, Tensor> scores = new LinkedHashMap<>();
        for (var e : model.adapterParameters().entrySet()) {
            double[] s = sums.get(e.getValue());
            if (s == null) continue;
            float[] f = new float[s.length];
            for (int i = 0; i < s.length; i++) f[i] = (float) (s[i] / units);
            scores.put(e.getKey(), Tensor.of(f, e.getValue().shape()));
        }
        return new FisherInformation(scores, units);
    }

    /** The rows of a batch as batches of one (every input tensor narrowed along dim 0). */
    static List<ModelInput> rows(ModelInput in) {
        List<ModelInput> out = new ArrayList<>();
        for (int i = 0; i < in.batch(); i++)
            out.add(new ModelInput(row(in.inputIds(), i), row(in.attentionMask(), i), row(in.tokenTypeIds(), i), row(in.positionIds(), i),
                    row(in.labels(), i), null, false, false, in.headRowsOnly()));
        return out;
    }

    private static Tensor row(Tensor t, int i) { return t == null ? null : t.narrow(0, i, 1); }
}
