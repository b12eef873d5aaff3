package org.peft4j.federated.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.peft4j.federated.client.LocalResult;
import org.peft4j.federated.client.RoundContext;
import org.peft4j.federated.protocol.SparseTensor;
import org.peft4j.tensor.Tensor;

class ClassificationClientTest {
    private static final LocalSettings FAST = LocalSettings.defaults().withLocalSteps(2).withBatchSize(4).withLearningRate(1e-2);

    private static RoundContext round(int r, LocalSettings s) { return new RoundContext(r, 60_000, s.toSettings()); }

    private static boolean differs(Tensor a, Tensor b) {
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        for (int i = 0; i < x.length; i++) if (x[i] != y[i]) return true;
        return false;
    }

    @Test
    void denseRoundSendsEveryTrainedTensorStartingFromTheGlobal() {
        Party server = TinyParties.party(AdapterSpec.lora(4, 8));
        Map<String, Tensor> global = server.peft().adapterTensors();
        Party mine = TinyParties.party(AdapterSpec.lora(4, 8));
        ClassificationClient c = new ClassificationClient(mine, TinyParties.encoded(mine, 0, 24), null, FAST, 1);
        LocalResult r = c.train(round(1, FAST), global);
        assertEquals(24, r.samples());
        assertTrue(r.update().sparse().isEmpty());
        assertEquals(global.keySet(), r.update().dense().keySet(), "LoRA A, B of every query/value layer and the classifier travel");
        assertEquals(2.0, r.metrics().get("local_steps"));
        assertTrue(Double.isFinite(r.metrics().get("train_loss")));
        int changed = 0;
        for (String k : global.keySet()) if (differs(global.get(k), r.update().dense().get(k))) changed++;
        assertTrue(changed >= global.size() / 2, "training moved most tensors (" + changed + " of " + global.size() + ")");
    }

    /**
     * Same (seed, client, round) gives the same update; another client seed gives another one. Compared to 1e-5, not
     * bit for bit: the kernels' Vector API lane reductions (reduceLanes(ADD), whose order the JDK leaves unspecified)
     * round differently once the JIT has compiled them, so two runs in one JVM can differ in the last bits.
     */
    @Test
    void theSameRoundIsReproducible() {
        Party server = TinyParties.party(AdapterSpec.lora(4, 8));
        Map<String, Tensor> global = server.peft().adapterTensors();
        List<Map<String, Tensor>> updates = new java.util.ArrayList<>();
        for (long clientSeed : new long[]{3, 3, 4}) {
            Party p = TinyParties.party(AdapterSpec.lora(4, 8));
            updates.add(new ClassificationClient(p, TinyParties.encoded(p, 0, 16), null, FAST, clientSeed).train(round(2, FAST), global).update().dense());
        }
        double sameDiff = 0, otherDiff = 0;
        for (String k : global.keySet()) {
            float[] a = updates.get(0).get(k).toFloatArray(), b = updates.get(1).get(k).toFloatArray(), c = updates.get(2).get(k).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 * Math.max(1, Math.abs(a[i])), k + "[" + i + "]");
                sameDiff = Math.max(sameDiff, Math.abs(a[i] - b[i]));
                otherDiff = Math.max(otherDiff, Math.abs(a[i] - c[i]));
            }
        }
        assertTrue(otherDiff > 1000 * Math.max(sameDiff, 1e-9), "another client seed trains on other batches: " + otherDiff + " vs " + sameDiff);
    }

    @Test
    void fisherMaskedRoundSendsExactlyTheSelectedEntries() {
        Party server = TinyParties.party(AdapterSpec.lora(4, 8));
        Map<String, Tensor> global = server.peft().adapterTensors();
        long total = global.values().stream().mapToLong(Tensor::numel).sum();
        Party mine = TinyParties.party(AdapterSpec.lora(4, 8));
        LocalSettings sparse = FAST.withSelectionRate(0.6);
        LocalResult r = new ClassificationClient(mine, TinyParties.encoded(mine, 0, 24), null, sparse, 1).train(round(2, sparse), global);
        long sent = 0;
        for (var e : r.update().sparse().entrySet()) {
            SparseTensor st = e.getValue();
            assertTrue(st.selectedCount() > 0 && st.selectedCount() < st.numel(), e.getKey() + " is partly kept");
            sent += st.selectedCount();
            // what did not travel did not train either: the client's value is still the global one
            float[] local = mine.peft().adapterParameters().get(e.getKey()).value().toFloatArray(), g = global.get(e.getKey()).toFloatArray();
            for (int i = 0; i < local.length; i++) if (!st.isSelected(i)) assertEquals(g[i], local[i], 0f, e.getKey() + "[" + i + "]");
        }
        for (Tensor t : r.update().dense().values()) sent += t.numel();
        for (String k : global.keySet())
            if (!r.update().dense().containsKey(k) && !r.update().sparse().containsKey(k))
                assertArrayEquals(global.get(k).toFloatArray(), mine.peft().adapterParameters().get(k).value().toFloatArray(), k + " was left out, so it must not have trained");
        assertEquals((long) Math.ceil(0.6 * total - 1e-9), sent, "exactly ceil(0.6 N) of the N adapter entries travel");
        assertEquals((double) sent, r.metrics().get("values_sent"));
        assertTrue(r.metrics().containsKey("fisher_s"));
    }

    @Test
    void ffaLoraKeepsAFrozenAndDoesNotSendIt() {
        Party server = TinyParties.party(AdapterSpec.lora(4, 8));
        Map<String, Tensor> global = server.peft().adapterTensors();
        Party mine = TinyParties.party(AdapterSpec.lora(4, 8));
        LocalSettings ffa = FAST.withFreezeLoraA(true);
        LocalResult r = new ClassificationClient(mine, TinyParties.encoded(mine, 0, 16), null, ffa, 1).train(round(1, ffa), global);
        for (String k : r.update().dense().keySet()) assertFalse(k.endsWith(".lora_A.weight"), k);
        assertTrue(r.update().dense().keySet().stream().anyMatch(k -> k.endsWith(".lora_B.weight")));
        mine.peft().adapterParameters().forEach((k, p) -> {
            if (k.endsWith(".lora_A.weight")) assertArrayEquals(global.get(k).toFloatArray(), p.value().toFloatArray(), k);
        });
    }

    @Test
    void lastLayersOnlyCarryAndSendAdapters() {
        AdapterSpec split = AdapterSpec.lora(4, 8).withLayers(LayerSelection.last(1));
        Party server = TinyParties.party(split);
        Map<String, Tensor> global = server.peft().adapterTensors();
        TreeSet<String> keys = new TreeSet<>(global.keySet());
        for (String k : keys) assertTrue(k.contains("layer.1.") || k.contains("classifier"), "only the last of 2 layers is adapted: " + k);
        Party mine = TinyParties.party(split);
        LocalResult r = new ClassificationClient(mine, TinyParties.encoded(mine, 0, 16), null, FAST, 1).train(round(1, FAST), global);
        assertEquals(global.keySet(), r.update().dense().keySet());
    }

    @Test
    void fedProxPullsTheLocalModelTowardsTheGlobal() {
        Party server = TinyParties.party(AdapterSpec.lora(4, 8));
        Map<String, Tensor> global = server.peft().adapterTensors();
        LocalSettings longer = FAST.withLocalSteps(6).withLearningRate(5e-2);
        double[] distance = new double[2];
        double[] mus = {0, 50};
        for (int i = 0; i < 2; i++) {
            Party p = TinyParties.party(AdapterSpec.lora(4, 8));
            LocalSettings s = longer.withProxMu(mus[i]);
            LocalResult r = new ClassificationClient(p, TinyParties.encoded(p, 0, 32), null, s, 1).train(round(1, s), global);
            for (var e : r.update().dense().entrySet()) {
                float[] a = e.getValue().toFloatArray(), g = global.get(e.getKey()).toFloatArray();
                for (int j = 0; j < a.length; j++) distance[i] += (a[j] - g[j]) * (double) (a[j] - g[j]);
            }
        }
        assertTrue(distance[1] < distance[0], "mu=50 ends closer to the global: " + distance[1] + " vs " + distance[0]);
    }

    @Test
    void evaluatesAGivenAdapterOnItsHeldOutRows() {
        Party mine = TinyParties.party(AdapterSpec.lora(4, 8));
        AdapterEvaluator eval = new AdapterEvaluator(mine.peft(), mine.task(), mine.task().encode(TinyParties.SST2.validation().subList(0, 20), 32), 8);
        ClassificationClient c = new ClassificationClient(mine, TinyParties.encoded(mine, 0, 8), eval, FAST, 1);
        var o = c.evaluate(1, TinyParties.party(AdapterSpec.lora(4, 8)).peft().adapterTensors());
        assertEquals(20, o.samples());
        double acc = o.metrics().get("accuracy");
        assertTrue(acc >= 0 && acc <= 1 && Math.abs(acc * 20 - Math.round(acc * 20)) < 1e-9, "accuracy is a count over 20 rows: " + acc);
        assertTrue(o.metrics().containsKey("eval_loss"));
        assertThrows(UnsupportedOperationException.class,
                () -> new ClassificationClient(mine, TinyParties.encoded(mine, 0, 8), null, FAST, 1).evaluate(1, Map.of()));
    }

    @Test
    void aGlobalWithOtherTensorsIsRejected() {
        Party mine = TinyParties.party(AdapterSpec.lora(4, 8));
        ClassificationClient c = new ClassificationClient(mine, TinyParties.encoded(mine, 0, 8), null, FAST, 1);
        Map<String, Tensor> wrong = new HashMap<>(TinyParties.party(AdapterSpec.lora(2, 8)).peft().adapterTensors());
        assertThrows(RuntimeException.class, () -> c.train(round(1, FAST), wrong));
        assertThrows(IllegalArgumentException.class, () -> new ClassificationClient(mine, mine.task().encode(List.of(), 32), null, FAST, 1));
    }
}
