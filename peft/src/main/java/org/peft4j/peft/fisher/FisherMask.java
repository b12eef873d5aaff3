package org.peft4j.peft.fisher;

import org.peft4j.autograd.Parameter;
import org.peft4j.peft.PeftModel;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Fisher mask over a PEFT model's adapter: per parameter (PEFT key) the entries that stay trainable. Applied, the
 * other entries get no gradient and no AdamW update (weight decay included), so they stay bit-identical; in a
 * federated round only the kept entries need to be sent ({@link #compact} / {@link #expand}).
 */
public final class FisherMask {
    private final Map<String, BitMask> masks;

    public FisherMask(Map<String, BitMask> masks) { this.masks = new LinkedHashMap<>(masks); }

    public Map<String, BitMask> masks() { return java.util.Collections.unmodifiableMap(masks); }

    public BitMask get(String key) { return masks.get(key); }

    public long kept() { return masks.values().stream().mapToLong(BitMask::count).sum(); }

    public long total() { return masks.values().stream().mapToLong(BitMask::size).sum(); }

    /** Sets each masked parameter's gradient mask (frozen entries: no gradient, no update). */
    public void apply(PeftModel model) {
        for (var e : masks.entrySet()) parameter(model, e.getKey()).setGradMask(e.getValue().toTensor());
    }

    /** Removes the gradient masks of every adapter parameter. */
    public static void clear(PeftModel model) {
        for (Parameter p : model.adapterParameters().values()) p.setGradMask(null);
    }

    private static Parameter parameter(PeftModel model, String key) {
        Parameter p = model.adapterParameters().get(key);
        if (p == null) throw new IllegalArgumentException("mask for '" + key + "' names no adapter parameter of this model");
        return p;
    }

    /** The kept entries of each masked tensor as a 1-D F32 tensor in row-major order (unmasked keys pass whole). */
    public Map<String, Tensor> compact(Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) {
            BitMask m = masks.get(e.getKey());
            if (m == null) { out.put(e.getKey(), e.getValue()); continue; }
            check(e.getKey(), m, e.getValue().shape());
            float[] v = e.getValue().toFloatArray(), c = new float[m.count()];
            for (int i = 0, j = 0; i < v.length; i++) if (m.get(i)) c[j++] = v[i];
            out.put(e.getKey(), Tensor.of(c, c.length));
        }
        return out;
    }

    /** Inverse of {@link #compact} for one tensor: kept entries from {@code compact}, the others from {@code base}. */
    public Tensor expand(String key, Tensor compact, Tensor base) {
        BitMask m = masks.get(key);
        if (m == null) return compact;
        check(key, m, base.shape());
        if (compact.numel() != m.count())
            throw new IllegalArgumentException("compact tensor '" + key + "' holds " + compact.numel() + " values, the mask keeps " + m.count());
        float[] out = base.toFloatArray(), c = compact.toFloatArray();
        for (int i = 0, j = 0; i < out.length; i++) if (m.get(i)) out[i] = c[j++];
        return Tensor.of(out, base.shape());
    }

    private static void check(String key, BitMask m, int[] shape) {
        if (!Arrays.equals(m.shape(), shape))
            throw new IllegalArgumentException("mask for '" + key + "' has shape " + Shapes.str(m.shape()) + ", the tensor " + Shapes.str(shape));
    }

    @Override
    public boolean equals(Object o) { return o instanceof FisherMask f && masks.equals(f.masks); }

    @Override
    public int hashCode() { return masks.hashCode(); }

    @Override
    public String toString() { return "FisherMask(" + kept() + "/" + total() + " kept in " + masks.size() + " tensors)"; }
}
