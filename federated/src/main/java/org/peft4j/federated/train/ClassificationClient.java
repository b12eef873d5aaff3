package org.peft4j.federated.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peft4j.autograd.Parameter;
import org.peft4j.federated.client.EvalOutcome;
import org.peft4j.federated.client.LocalResult;
import org.peft4j.federated.client.LocalTrainer;
import org.peft4j.federated.client.RoundContext;
import org.peft4j.federated.protocol.SparseTensor;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.finetune.task.EncodedSet;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.finetune.train.Schedule;
import org.peft4j.finetune.train.TrainResult;
import org.peft4j.finetune.train.TrainStep;
import org.peft4j.finetune.train.Trainer;
import org.peft4j.finetune.train.TrainerConfig;
import org.peft4j.finetune.train.TrainLog;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.fisher.FisherMask;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.nn.Dropout;

/**
 * A federated client's local work on a text-classification partition: load the global adapter, fine-tune it
 * with the {@link Trainer} for the round's local steps (or epochs), and send back what trained.
 * <ul>
 *   <li>dense mode: every trainable adapter tensor travels whole;</li>
 *   <li>Fisher-masked mode (selection_rate &lt; 1): only the entries with the highest Fisher information on the
 *       local data train, and only they travel: a tensor kept whole goes dense, a tensor with no kept entry is left
 *       out, any other as a bitmask plus its kept values;</li>
 *   <li>split learning: with adapters on the last k layers only (see {@link LayerSelection}), only those layers'
 *       adapters and the head exist, train and travel;</li>
 *   <li>FFA-LoRA (freeze_lora_a): lora_A stays at the shared initial value and is not sent, so averaging B is
 *       exact averaging of the weight change;</li>
 *   <li>FedProx (prox_mu &gt; 0): the local loss gets the proximal term {@link ProximalTerm}.</li>
 * </ul>
 * The optimizer starts fresh each round (AdamW moments are not carried across rounds, as in FedAvg). The sample
 * count sent is the partition size, FedAvg's n_k.
 */
public final class ClassificationClient implements LocalTrainer {
    private final Party party;
    private final EncodedSet train;
    private final AdapterEvaluator evaluator;
    private final LocalSettings defaults;
    private final long clientSeed;

    /**
     * @param train      this client's private training partition (already encoded)
     * @param evaluator  local held-out evaluation on the same model, or null if the client does not evaluate
     * @param clientSeed distinguishes this client's shuffles and dropout from the others'
     */
    public ClassificationClient(Party party, EncodedSet train, AdapterEvaluator evaluator, LocalSettings defaults, long clientSeed) {
        if (train.size() == 0) throw new IllegalArgumentException("the client's training partition is empty");
        if (evaluator != null && evaluator.model() != party.peft())
            throw new IllegalArgumentException("the client's evaluator must use the client's own model");
        this.party = party;
        this.train = train;
        this.evaluator = evaluator;
        this.defaults = defaults;
        this.clientSeed = clientSeed;
    }

    @Override
    public synchronized LocalResult train(RoundContext round, Map<String, Tensor> global) {
        long t0 = System.nanoTime();
        LocalSettings s = defaults.overriddenBy(round.settings());
        PeftModel peft = party.peft();
        peft.loadAdapterTensors(global, true);
        long seed = mix(mix(s.seed(), clientSeed), round.round());

        for (Map.Entry<String, Parameter> e : peft.adapterParameters().entrySet())
            e.getValue().setRequiresGrad(!(s.freezeLoraA() && e.getKey().endsWith(".lora_A.weight")));
        List<Parameter> trainable = peft.trainableParameters();
        if (trainable.isEmpty()) throw new IllegalStateException("no adapter tensor is left to train (freeze_lora_a on a model without lora_B?)");

        TrainStep<TextBatch> step = party.task().trainStep();
        double fisherSeconds = 0;
        if (s.selectionRate() < 1) {
            long f0 = System.nanoTime();
            FisherSelection.apply(peft, LocalBatches.plan(party.task(), train, s.batchSize(), ~seed, s.fisherBatches()).batches(0), s.selectionRate());
            fisherSeconds = (System.nanoTime() - f0) / 1e9;
        } else {
            FisherMask.clear(peft);
        }
        if (s.proxMu() > 0) {
            Map<String, Tensor> anchors = new LinkedHashMap<>();
            for (Parameter p : trainable) anchors.put(p.name(), p.value().copy());
            step = ProximalTerm.wrap(step, trainable, anchors, s.proxMu());
        }

        TrainerConfig cfg = TrainerConfig.defaults().withEpochs(Math.max(1, s.localEpochs())).withMaxSteps(s.localSteps())
                .withLearningRate(s.learningRate()).withWeightDecay(s.weightDecay()).withWarmupRatio(0).withSchedule(Schedule.CONSTANT)
                .withMaxGradNorm(s.maxGradNorm()).withSeed(seed).withLogEvery(1).withEvalEvery(0);
        Trainer<TextBatch> trainer = new Trainer<TextBatch>(trainable, cfg).onReseed(x -> Dropout.reseedAll(peft.model(), x));
        // the capped plan ends the round at its step budget (the trainer alone would finish the epoch)
        TrainResult result = trainer.fit(LocalBatches.plan(party.task(), train, s.batchSize(), seed, s.localSteps()), step, null);

        Map<String, Tensor> dense = new LinkedHashMap<>();
        Map<String, SparseTensor> sparse = new LinkedHashMap<>();
        long sentValues = 0;
        for (Map.Entry<String, Parameter> e : peft.adapterParameters().entrySet()) {
            Parameter p = e.getValue();
            if (!p.requiresGrad()) continue;
            // the cheapest exact encoding: whole tensors dense, untouched ones not at all, the rest as mask + values
            boolean[] keep = p.trainableEntries();
            int kept = keep == null ? p.numel() : count(keep);
            if (kept == p.numel()) dense.put(e.getKey(), p.value().copy());
            else if (kept > 0) sparse.put(e.getKey(), SparseTensor.select(p.value(), keep));
            sentValues += kept;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", meanLoss(result.history()));
        metrics.put("local_steps", (double) result.steps());
        metrics.put("values_sent", (double) sentValues);
        metrics.put("train_s", (System.nanoTime() - t0) / 1e9);
        if (fisherSeconds > 0) metrics.put("fisher_s", fisherSeconds);
        return new LocalResult(new TensorUpdate(dense, sparse), train.size(), metrics);
    }

    @Override
    public synchronized EvalOutcome evaluate(int round, Map<String, Tensor> weights) {
        if (evaluator == null) throw new UnsupportedOperationException("this client has no local evaluation data");
        return new EvalOutcome(evaluator.size(), evaluator.evaluate(weights));
    }

    /** The trainable parameters' names this client sends (for logs). */
    public List<String> adapterKeys() { return new ArrayList<>(party.peft().adapterParameters().keySet()); }

    private static int count(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) if (k) n++;
        return n;
    }

    private static double meanLoss(List<TrainLog.Entry> history) {
        double sum = 0;
        int n = 0;
        for (TrainLog.Entry e : history) {
            Double l = e.values().get("loss");
            if (e.kind().equals("train") && l != null) { sum += l; n++; }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** SplitMix64-style mixing so (seed, client, round) give unrelated streams. */
    static long mix(long a, long b) {
        long z = a + 0x9E3779B97F4A7C15L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
