package org.peft4j.peft.fisher;

import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.autograd.optim.ParamGroup;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TinyModels;
import org.peft4j.peft.adapter.BottleneckConfig;
import org.peft4j.peft.ia3.Ia3Config;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.peft.lora.LoraInit;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.TransformerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class FisherMaskTest {
    static PeftModel lora(TransformerModel m) { return Peft.apply(m, LoraConfig.of(4, 8).withInit(LoraInit.RANDOM).withSeed(2)); }

    /** Fisher scores where every entry of every tensor has the same value: all ties. */
    static FisherInformation constant(PeftModel pm, float v) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (var e : pm.adapterParameters().entrySet()) s.put(e.getKey(), Tensor.full(v, e.getValue().shape()));
        return new FisherInformation(s, 1);
    }

    @Test
    void fisherIsTheMeanSquaredPerSampleGradient() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = lora(m);
            ModelInput batch = TinyModels.batch("bert-seqcls");
            FisherInformation f = FisherEstimator.estimate(pm, List.of(batch), FisherEstimator.Granularity.PER_SAMPLE);
            assertEquals(batch.batch(), f.units());
            // by hand: one backward per row, squared, averaged
            String key = "base_model.model.bert.encoder.layer.1.attention.self.value.lora_B.weight";
            Parameter p = pm.adapterParameters().get(key);
            float[] expected = new float[p.numel()];
            for (ModelInput row : FisherEstimator.rows(batch)) {
                p.zeroGrad();
                pm.forward(row).loss().backward();
                float[] g = p.grad().toFloatArray();
                for (int i = 0; i < g.length; i++) expected[i] += g[i] * g[i] / batch.batch();
            }
            assertArrayEquals(expected, f.scores().get(key).toFloatArray(), 1e-6f * max(expected));
            FisherInformation perBatch = FisherEstimator.estimate(pm, List.of(batch, batch), FisherEstimator.Granularity.PER_BATCH);
            assertEquals(2, perBatch.units());
            for (Parameter q : pm.trainableParameters()) assertNull(q.grad(), "gradients cleared after estimation");
        }
    }

    static float max(float[] a) {
        float m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void exactKeptCountsInEveryPool() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = lora(m);
            FisherInformation f = FisherEstimator.estimate(pm, List.of(TinyModels.batch("bert-seqcls")), FisherEstimator.Granularity.PER_BATCH);
            long total = pm.numTrainableParameters();
            FisherMask global = MaskBuilder.build(pm, f, new MaskSpec(0.1, MaskSpec.Pool.GLOBAL, MaskSpec.Groups.ENTRY));
            assertEquals(total, global.total());
            assertEquals((long) Math.ceil(0.1 * total - 1e-9), global.kept());
            FisherMask perTensor = MaskBuilder.build(pm, f, new MaskSpec(0.3, MaskSpec.Pool.PER_TENSOR, MaskSpec.Groups.ENTRY));
            for (var e : perTensor.masks().entrySet())
                assertEquals(new MaskSpec(0.3, MaskSpec.Pool.GLOBAL, MaskSpec.Groups.ENTRY).kept(e.getValue().size()), e.getValue().count(), e.getKey());
            FisherMask perLayer = MaskBuilder.build(pm, f, new MaskSpec(0.25, MaskSpec.Pool.PER_LAYER, MaskSpec.Groups.ENTRY));
            long layer0 = perLayer.masks().entrySet().stream().filter(e -> e.getKey().contains(".layer.0.")).mapToLong(e -> e.getValue().count()).sum();
            assertEquals(2 * (4 * 64 + 64 * 4) / 4, layer0);
            long head = perLayer.masks().entrySet().stream().filter(e -> e.getKey().contains("classifier")).mapToLong(e -> e.getValue().count()).sum();
            assertEquals((long) Math.ceil(0.25 * (3 * 64 + 3)), head);
            assertEquals(3, new MaskSpec(0.1, MaskSpec.Pool.GLOBAL, MaskSpec.Groups.ENTRY).kept(30), "0.1 of 30 is 3, not 4");
        }
    }

    @Test
    void tiesBreakByPositionDeterministically() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = lora(m);
            FisherMask mask = MaskBuilder.build(pm, constant(pm, 0.5f), new MaskSpec(0.5, MaskSpec.Pool.GLOBAL, MaskSpec.Groups.ENTRY));
            // all tied: the first half of the entries in adapter order are kept
            long budget = mask.kept(), seen = 0;
            for (var e : mask.masks().entrySet())
                for (int i = 0; i < e.getValue().size(); i++, seen++) assertEquals(seen < budget, e.getValue().get(i), e.getKey() + "[" + i + "]");
            assertEquals(mask, MaskBuilder.build(pm, constant(pm, 0.5f), new MaskSpec(0.5, MaskSpec.Pool.GLOBAL, MaskSpec.Groups.ENTRY)));
        }
    }

    @Test
    void structuredUnitsKeepWholeRankComponentsBottleneckUnitsAndIa3Entries() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = lora(m);
            FisherInformation f = FisherEstimator.estimate(pm, List.of(TinyModels.batch("bert-seqcls")), FisherEstimator.Granularity.PER_BATCH);
            FisherMask mask = MaskBuilder.build(pm, f, new MaskSpec(0.5, MaskSpec.Pool.PER_TENSOR, MaskSpec.Groups.STRUCTURED));
            String p = "base_model.model.bert.encoder.layer.0.attention.self.query";
            BitMask a = mask.get(p + ".lora_A.weight"), b = mask.get(p + ".lora_B.weight");
            int keptRanks = 0;
            for (int k = 0; k < 4; k++) {
                boolean kept = a.get(k * 64);
                keptRanks += kept ? 1 : 0;
                for (int j = 0; j < 64; j++) assertEquals(kept, a.get(k * 64 + j), "row " + k + " of A is one unit");
                for (int i = 0; i < 64; i++) assertEquals(kept, b.get(i * 4 + k), "column " + k + " of B goes with row " + k + " of A");
            }
            assertEquals(2, keptRanks);
            // the chosen components are the two with the largest summed Fisher
            float[] fa = f.scores().get(p + ".lora_A.weight").toFloatArray(), fb = f.scores().get(p + ".lora_B.weight").toFloatArray();
            double[] score = new double[4];
            for (int k = 0; k < 4; k++) {
                for (int j = 0; j < 64; j++) score[k] += fa[k * 64 + j];
                for (int i = 0; i < 64; i++) score[k] += fb[i * 4 + k];
            }
            for (int k = 0; k < 4; k++) for (int q = 0; q < 4; q++)
                if (a.get(k * 64) && !a.get(q * 64)) assertTrue(score[k] >= score[q], "kept " + k + " scores below dropped " + q);
        }
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            PeftModel pm = Peft.apply(m, BottleneckConfig.pfeiffer(8));
            FisherMask mask = MaskBuilder.build(pm, constant(pm, 1f), new MaskSpec(0.25, MaskSpec.Pool.PER_TENSOR, MaskSpec.Groups.STRUCTURED));
            String p = "base_model.model.model.layers.0.mlp.down_proj";
            BitMask down = mask.get(p + ".adapter_down.weight"), downBias = mask.get(p + ".adapter_down.bias"), up = mask.get(p + ".adapter_up.weight");
            assertEquals(2, downBias.count(), "ceil(0.25 * 8) bottleneck units");
            for (int j = 0; j < 8; j++) {
                assertEquals(downBias.get(j), down.get(j * 64));
                assertEquals(downBias.get(j), up.get(63 * 8 + j));
            }
        }
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            PeftModel pm = Peft.apply(m, Ia3Config.defaults());
            FisherMask mask = MaskBuilder.build(pm, constant(pm, 1f), new MaskSpec(0.5, MaskSpec.Pool.PER_TENSOR, MaskSpec.Groups.STRUCTURED));
            assertEquals(88, mask.get("base_model.model.model.layers.0.mlp.down_proj.ia3_l").count());
        }
    }

    @Test
    void maskedEntriesStayBitIdenticalThroughAdamWWithWeightDecay() {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = lora(m);
            ModelInput batch = TinyModels.batch("bert-seqcls");
            FisherInformation f = FisherEstimator.estimate(pm, List.of(batch), FisherEstimator.Granularity.PER_SAMPLE);
            FisherMask mask = MaskBuilder.build(pm, f, new MaskSpec(0.2, MaskSpec.Pool.GLOBAL, MaskSpec.Groups.ENTRY));
            mask.apply(pm);
            Map<String, float[]> before = new HashMap<>();
            pm.adapterParameters().forEach((k, p) -> before.put(k, p.value().toFloatArray()));
            AdamW opt = new AdamW(List.of(new ParamGroup(pm.trainableParameters(), 1e-2, 0.1)), 0.9, 0.999, 1e-8, false);
            pm.train();
            for (int step = 0; step < 3; step++) {
                opt.zeroGrad();
                pm.forward(batch).loss().backward();
                opt.step();
            }
            long changed = 0;
            for (var e : pm.adapterParameters().entrySet()) {
                BitMask bm = mask.get(e.getKey());
                float[] now = e.getValue().value().toFloatArray(), old = before.get(e.getKey());
                for (int i = 0; i < now.length; i++) {
                    if (!bm.get(i)) assertEquals(Float.floatToRawIntBits(old[i]), Float.floatToRawIntBits(now[i]), e.getKey() + "[" + i + "] is masked");
                    else if (now[i] != old[i]) changed++;
                }
            }
            assertTrue(changed > mask.kept() / 2, "kept entries train: " + changed + " of " + mask.kept() + " changed");
            // a recomputation sees every entry again (masks are lifted while estimating)
            FisherInformation again = FisherEstimator.estimate(pm, List.of(batch), FisherEstimator.Granularity.PER_BATCH);
            long nonZero = again.scores().values().stream().mapToLong(t -> { long c = 0; for (float v : t.toFloatArray()) if (v != 0) c++; return c; }).sum();
            assertTrue(nonZero > mask.kept(), "recomputed Fisher covers masked entries too");
            assertNotNull(pm.adapterParameters().values().iterator().next().gradMask(), "masks restored after estimation");
        }
    }

    @Test
    void codecRoundTripsAndCompactPayloadsCarryOnlyKeptEntries(@TempDir Path tmp) throws Exception {
        try (TransformerModel m = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = lora(m);
            FisherInformation f = FisherEstimator.estimate(pm, List.of(TinyModels.batch("bert-seqcls")), FisherEstimator.Granularity.PER_BATCH);
            FisherMask mask = MaskBuilder.build(pm, f, new MaskSpec(0.37, MaskSpec.Pool.PER_LAYER, MaskSpec.Groups.ENTRY));
            assertEquals(mask, MaskCodec.fromBytes(MaskCodec.toBytes(mask)));
            MaskCodec.write(tmp.resolve("mask.safetensors"), mask);
            assertEquals(mask, MaskCodec.read(tmp.resolve("mask.safetensors")));
            String k = "base_model.model.classifier.bias";
            Map<String, Tensor> t = MaskCodec.toTensors(mask);
            assertEquals(org.peft4j.tensor.DType.U8, t.get(k).dtype());
            assertArrayEquals(new long[]{3}, t.get(k + ".shape").toLongArray());

            Map<String, Tensor> full = pm.adapterTensors(), compact = mask.compact(full);
            long sent = compact.values().stream().mapToLong(Tensor::numel).sum();
            assertEquals(mask.kept(), sent);
            for (String key : full.keySet()) {
                Tensor zeros = Tensor.zeros(full.get(key).shape());
                Tensor back = mask.expand(key, compact.get(key), zeros);
                float[] b = back.toFloatArray(), orig = full.get(key).toFloatArray();
                for (int i = 0; i < b.length; i++) assertEquals(mask.get(key).get(i) ? orig[i] : 0f, b[i]);
            }
        }
        BitMask odd = new BitMask(3, 7);
        odd.set(0);
        odd.set(20);
        byte[] bytes = odd.toBytes();
        assertEquals(3, bytes.length);
        assertEquals(1, bytes[0]);
        assertEquals(0x10, bytes[2]);
        assertThrows(IllegalArgumentException.class, () -> BitMask.fromBytes(new byte[]{0, 0, (byte) 0x80}, 3, 7), "a bit past the end");
        assertTrue(new MaskSchedule(3).recomputeIn(0) && new MaskSchedule(3).recomputeIn(6) && !new MaskSchedule(3).recomputeIn(4));
    }
}
