package org.peft4j.peft.fisher;

import org.peft4j.peft.PeftLayer;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.adapter.BottleneckAdapter;
import org.peft4j.peft.lora.LoraLinear;
import org.peft4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Chooses a {@link FisherMask} from Fisher scores under a {@link MaskSpec}. Within each pool the units are ranked by
 * score (descending, compared as float32) and the first ceil(ρ·N) are kept; ties go to the unit that comes first
 * in adapter order (parameter order, then row-major entry, then rank/unit index), so the mask is deterministic.
 */
public final class MaskBuilder {
    private MaskBuilder() {}

    /** A run of units that share a pool, with their scores and how to mark unit u kept. */
    private record Table(float[] scores, IntConsumer keep) {}

    public static FisherMask build(PeftModel model, FisherInformation fisher, MaskSpec spec) {
        Map<String, BitMask> masks = new LinkedHashMap<>();
        for (var e : model.adapterParameters().entrySet())
            if (e.getValue().requiresGrad() && fisher.scores().containsKey(e.getKey())) masks.put(e.getKey(), new BitMask(e.getValue().shape()));
        if (masks.isEmpty()) throw new IllegalArgumentException("the Fisher scores cover no trainable adapter parameter of this model");
        Map<String, List<Table>> pools = new LinkedHashMap<>();
        Set<String> claimed = new HashSet<>();
        if (spec.groups() == MaskSpec.Groups.STRUCTURED)
            for (PeftLayer l : model.layers().values()) structured(l, fisher, masks, spec, pools, claimed);
        for (var e : masks.entrySet()) {
            if (claimed.contains(e.getKey())) continue;
            BitMask m = e.getValue();
            float[] s = scores(fisher, e.getKey());
            pools.computeIfAbsent(poolKey(spec, e.getKey(), e.getKey()), k -> new ArrayList<>()).add(new Table(s, m::set));
        }
        for (List<Table> pool : pools.values()) select(pool, spec);
        return new FisherMask(masks);
    }

    private static void structured(PeftLayer layer, FisherInformation fisher, Map<String, BitMask> masks, MaskSpec spec,
                                   Map<String, List<Table>> pools, Set<String> claimed) {
        String p = PeftModel.KEY_PREFIX + layer.modulePath();
        if (layer instanceof LoraLinear l) {
            String ka = p + ".lora_A.weight", kb = p + ".lora_B.weight";
            if (!masks.containsKey(ka) || !masks.containsKey(kb)) return;
            int r = l.rank(), in = l.inFeatures(), out = l.outFeatures();
            float[] fa = scores(fisher, ka), fb = scores(fisher, kb);
            float[] s = new float[r];
            for (int k = 0; k < r; k++) {
                double sum = 0;
                for (int j = 0; j < in; j++) sum += fa[k * in + j];
                for (int i = 0; i < out; i++) sum += fb[i * r + k];
                s[k] = (float) sum;
            }
            BitMask a = masks.get(ka), b = masks.get(kb);
            pools.computeIfAbsent(poolKey(spec, layer.modulePath(), ka), x -> new ArrayList<>()).add(new Table(s, k -> {
                for (int j = 0; j < in; j++) a.set(k * in + j);                  // row k of A
                for (int i = 0; i < out; i++) b.set(i * r + k);                  // column k of B
            }));
            claimed.add(ka);
            claimed.add(kb);
        } else if (layer instanceof BottleneckAdapter ad) {
            String kd = p + ".adapter_down.weight", kdb = p + ".adapter_down.bias", ku = p + ".adapter_up.weight";
            if (!masks.containsKey(kd) || !masks.containsKey(kdb) || !masks.containsKey(ku)) return;
            int bn = ad.bottleneck(), h = ad.outFeatures();
            float[] fd = scores(fisher, kd), fdb = scores(fisher, kdb), fu = scores(fisher, ku);
            float[] s = new float[bn];
            for (int j = 0; j < bn; j++) {
                double sum = fdb[j];
                for (int c = 0; c < h; c++) sum += fd[j * h + c] + fu[c * bn + j];
                s[j] = (float) sum;
            }
            BitMask d = masks.get(kd), db = masks.get(kdb), u = masks.get(ku);
            pools.computeIfAbsent(poolKey(spec, layer.modulePath(), kd), x -> new ArrayList<>()).add(new Table(s, j -> {
                db.set(j);
                for (int c = 0; c < h; c++) { d.set(j * h + c); u.set(c * bn + j); }
            }));
            claimed.add(kd);
            claimed.add(kdb);
            claimed.add(ku);
        }
        // IA3 vectors: one unit per entry, which is the ENTRY treatment the caller applies to unclaimed tensors
    }

    private static String poolKey(MaskSpec spec, String tensorOrModule, String key) {
        return switch (spec.pool()) {
            case GLOBAL -> "";
            case PER_TENSOR -> tensorOrModule;
            case PER_LAYER -> {
                Integer layer = TargetModules.layerIndex(key, null);
                yield layer == null ? "(outside layers)" : "layer " + layer;
            }
        };
    }

    private static float[] scores(FisherInformation fisher, String key) {
        Tensor t = fisher.scores().get(key);
        float[] s = t.toFloatArray();
        for (int i = 0; i < s.length; i++)
            if (!(s[i] >= 0)) throw new IllegalArgumentException("Fisher score of '" + key + "' at entry " + i + " is " + s[i] + " (must be >= 0)");
        return s;
    }

    /** Keeps the top ceil(ρ·N) units of one pool: sort (descending score, ascending position) packed in longs. */
    private static void select(List<Table> pool, MaskSpec spec) {
        int[] offsets = new int[pool.size() + 1];
        for (int t = 0; t < pool.size(); t++) offsets[t + 1] = Math.addExact(offsets[t], pool.get(t).scores().length);
        int n = offsets[pool.size()];
        long[] order = new long[n];
        for (int t = 0; t < pool.size(); t++) {
            float[] s = pool.get(t).scores();
            for (int u = 0; u < s.length; u++) {
                long desc = 0x7FFFFFFFL - Float.floatToIntBits(s[u] + 0f);   // non-negative floats order as their bits
                order[offsets[t] + u] = desc << 32 | (offsets[t] + u);
            }
        }
        Arrays.sort(order);
        long kept = spec.kept(n);
        for (int i = 0; i < kept; i++) {
            int seq = (int) order[i];
            int t = Arrays.binarySearch(offsets, seq);
            t = t >= 0 ? t : -t - 2;
            while (offsets[t + 1] == offsets[t]) t++;                       // skip empty tables
            pool.get(t).keep().accept(seq - offsets[t]);
        }
    }
}
