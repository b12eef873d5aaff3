package org.peft4j.federated.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peft4j.federated.protocol.SparseTensor;
import org.peft4j.tensor.Tensor;

/**
 * How far naive LoRA averaging is from averaging the clients' actual weight changes. Each client's LoRA pair
 * means ΔW_i = B_i·A_i, but FedAvg averages the factors, giving avg(B)·avg(A) ≠ avg(B·A) in general (the
 * inexactness that FFA-LoRA, Sun et al. ICLR 2024, and FedEx-LoRA, Singhal et al. 2024, address). This computes
 * ‖avg(B_i·A_i) − avg(B_i)·avg(A_i)‖_F / ‖avg(B_i·A_i)‖_F over all pairs of a round (sample-weighted means; the
 * LoRA scale cancels). A factor a client did not send (FFA-LoRA's frozen A) counts as the global one, so with A
 * shared the gap is zero up to rounding.
 */
public final class LoraAveragingGap {
    private static final String A = ".lora_A.weight", B = ".lora_B.weight";

    private LoraAveragingGap() {}

    /** The relative gap, or NaN when the global has no LoRA pairs or no client sent a factor. */
    public static double of(Map<String, Tensor> global, List<Contribution> contributions) {
        double num = 0, den = 0;
        boolean any = false;
        for (String nameA : global.keySet()) {
            if (!nameA.endsWith(A)) continue;
            String nameB = nameA.substring(0, nameA.length() - A.length()) + B;
            Tensor gA = global.get(nameA), gB = global.get(nameB);
            if (gB == null || gA.dim() != 2 || gB.dim() != 2 || gA.size(0) != gB.size(1)) continue;
            int r = gA.size(0), in = gA.size(1), out = gB.size(0);
            double[] meanProduct = new double[out * in];
            double[] meanA = new double[r * in], meanB = new double[out * r];
            double wSum = 0;
            List<Contribution> senders = new ArrayList<>();
            for (Contribution c : contributions) if (sent(c, nameA) || sent(c, nameB)) senders.add(c);
            if (senders.isEmpty()) continue;
            any = true;
            for (Contribution c : senders) {
                double w = c.samples();
                float[] a = values(c, nameA, gA), b = values(c, nameB, gB);
                for (int i = 0; i < a.length; i++) meanA[i] += w * a[i];
                for (int i = 0; i < b.length; i++) meanB[i] += w * b[i];
                for (int o = 0; o < out; o++)
                    for (int k = 0; k < r; k++) {
                        double bok = w * b[o * r + k];
                        if (bok == 0) continue;
                        for (int i = 0; i < in; i++) meanProduct[o * in + i] += bok * a[k * in + i];
                    }
                wSum += w;
            }
            for (int o = 0; o < out; o++)
                for (int i = 0; i < in; i++) {
                    double prod = 0;
                    for (int k = 0; k < r; k++) prod += meanB[o * r + k] * meanA[k * in + i];
                    double exact = meanProduct[o * in + i] / wSum, naive = prod / (wSum * wSum);
                    num += (exact - naive) * (exact - naive);
                    den += exact * exact;
                }
        }
        if (!any) return Double.NaN;
        return den == 0 ? 0 : Math.sqrt(num / den);
    }

    private static boolean sent(Contribution c, String name) {
        return c.update().dense().containsKey(name) || c.update().sparse().containsKey(name);
    }

    /** The client's full tensor: dense as sent, sparse merged over the global, missing = global. */
    private static float[] values(Contribution c, String name, Tensor global) {
        Tensor d = c.update().dense().get(name);
        if (d != null) return d.toFloatArray();
        float[] g = global.toFloatArray();
        SparseTensor s = c.update().sparse().get(name);
        if (s == null) return g;
        float[] v = s.values();
        for (int i = 0, j = 0; i < g.length; i++) if (s.isSelected(i)) g[i] = v[j++];
        return g;
    }
}
