package org.peft4j.federated.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local-training knobs the server sends with every ROUND_CONFIG (so all clients of a round train alike),
 * read with the client's own defaults for anything the server left out.
 *
 * @param localSteps    optimizer steps per round; 0 = run localEpochs full passes over the client's data instead
 * @param localEpochs   passes over the local data per round when localSteps is 0
 * @param proxMu        FedProx proximal weight μ: the local loss gets + μ/2·‖w − w_global‖² (0 = plain FedAvg)
 * @param selectionRate fraction of each adapter tensor's entries, chosen by Fisher information, that train and
 *                      travel (1 = dense update)
 * @param fisherBatches batches the client's Fisher scores are estimated on
 * @param freezeLoraA   FFA-LoRA: lora_A stays at its (shared) initial value; only lora_B trains and travels
 */
public record LocalSettings(long localSteps, int localEpochs, int batchSize, double learningRate, double weightDecay,
                            double maxGradNorm, double proxMu, double selectionRate, int fisherBatches,
                            boolean freezeLoraA, long seed) {
    public static final String LOCAL_STEPS = "local_steps", LOCAL_EPOCHS = "local_epochs", BATCH_SIZE = "batch_size",
            LR = "lr", WEIGHT_DECAY = "weight_decay", MAX_GRAD_NORM = "max_grad_norm", PROX_MU = "prox_mu",
            SELECTION_RATE = "selection_rate", FISHER_BATCHES = "fisher_batches", FREEZE_LORA_A = "freeze_lora_a", SEED = "seed";

    public LocalSettings {
        if (localSteps < 0) throw new IllegalArgumentException(LOCAL_STEPS + " must be >= 0, got " + localSteps);
        if (localSteps == 0 && localEpochs < 1) throw new IllegalArgumentException("need " + LOCAL_STEPS + " > 0 or " + LOCAL_EPOCHS + " >= 1");
        if (batchSize < 1) throw new IllegalArgumentException(BATCH_SIZE + " must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException(LR + " must be > 0, got " + learningRate);
        if (!(proxMu >= 0)) throw new IllegalArgumentException(PROX_MU + " must be >= 0, got " + proxMu);
        if (!(selectionRate > 0 && selectionRate <= 1)) throw new IllegalArgumentException(SELECTION_RATE + " must be in (0, 1], got " + selectionRate);
        if (fisherBatches < 1) throw new IllegalArgumentException(FISHER_BATCHES + " must be >= 1, got " + fisherBatches);
    }

    /** 10 steps of batch 16 at lr 1e-3, no FedProx, dense updates. */
    public static LocalSettings defaults() {
        return new LocalSettings(10, 1, 16, 1e-3, 0.0, 1.0, 0, 1.0, 4, false, 0);
    }

    /** These defaults overridden by the server's settings; a wrongly typed value fails naming the key. */
    public LocalSettings overriddenBy(Map<String, Object> s) {
        return new LocalSettings(longOf(s, LOCAL_STEPS, localSteps), (int) longOf(s, LOCAL_EPOCHS, localEpochs),
                (int) longOf(s, BATCH_SIZE, batchSize), doubleOf(s, LR, learningRate), doubleOf(s, WEIGHT_DECAY, weightDecay),
                doubleOf(s, MAX_GRAD_NORM, maxGradNorm), doubleOf(s, PROX_MU, proxMu), doubleOf(s, SELECTION_RATE, selectionRate),
                (int) longOf(s, FISHER_BATCHES, fisherBatches), boolOf(s, FREEZE_LORA_A, freezeLoraA), longOf(s, SEED, seed));
    }

    /** As the server sends them. */
    public Map<String, Object> toSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(LOCAL_STEPS, localSteps);
        m.put(LOCAL_EPOCHS, (long) localEpochs);
        m.put(BATCH_SIZE, (long) batchSize);
        m.put(LR, learningRate);
        m.put(WEIGHT_DECAY, weightDecay);
        m.put(MAX_GRAD_NORM, maxGradNorm);
        m.put(PROX_MU, proxMu);
        m.put(SELECTION_RATE, selectionRate);
        m.put(FISHER_BATCHES, (long) fisherBatches);
        m.put(FREEZE_LORA_A, freezeLoraA);
        m.put(SEED, seed);
        return m;
    }

    public LocalSettings withLocalSteps(long n) { return new LocalSettings(n, localEpochs, batchSize, learningRate, weightDecay, maxGradNorm, proxMu, selectionRate, fisherBatches, freezeLoraA, seed); }
    public LocalSettings withBatchSize(int b) { return new LocalSettings(localSteps, localEpochs, b, learningRate, weightDecay, maxGradNorm, proxMu, selectionRate, fisherBatches, freezeLoraA, seed); }
    public LocalSettings withLearningRate(double lr) { return new LocalSettings(localSteps, localEpochs, batchSize, lr, weightDecay, maxGradNorm, proxMu, selectionRate, fisherBatches, freezeLoraA, seed); }
    public LocalSettings withProxMu(double mu) { return new LocalSettings(localSteps, localEpochs, batchSize, learningRate, weightDecay, maxGradNorm, mu, selectionRate, fisherBatches, freezeLoraA, seed); }
    public LocalSettings withSelectionRate(double r) { return new LocalSettings(localSteps, localEpochs, batchSize, learningRate, weightDecay, maxGradNorm, proxMu, r, fisherBatches, freezeLoraA, seed); }
    public LocalSettings withFreezeLoraA(boolean f) { return new LocalSettings(localSteps, localEpochs, batchSize, learningRate, weightDecay, maxGradNorm, proxMu, selectionRate, fisherBatches, f, seed); }
    public LocalSettings withSeed(long s) { return new LocalSettings(localSteps, localEpochs, batchSize, learningRate, weightDecay, maxGradNorm, proxMu, selectionRate, fisherBatches, freezeLoraA, s); }
    public LocalSettings withLocalEpochs(int e) { return new LocalSettings(0, e, batchSize, learningRate, weightDecay, maxGradNorm, proxMu, selectionRate, fisherBatches, freezeLoraA, seed); }

    private static long longOf(Map<String, Object> s, String key, long fallback) {
        Object v = s.get(key);
        if (v == null) return fallback;
        if (v instanceof Long || v instanceof Integer) return ((Number) v).longValue();
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw new IllegalArgumentException("round setting '" + key + "' must be an integer, the server sent " + v);
    }

    private static double doubleOf(Map<String, Object> s, String key, double fallback) {
        Object v = s.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("round setting '" + key + "' must be a number, the server sent " + v);
    }

    private static boolean boolOf(Map<String, Object> s, String key, boolean fallback) {
        Object v = s.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException("round setting '" + key + "' must be true or false, the server sent " + v);
    }
}
