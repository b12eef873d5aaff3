package org.peft4j.finetune.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.autograd.optim.GradClip;
import org.peft4j.autograd.optim.LrScheduler;
import org.peft4j.autograd.optim.Optimizer;
import org.peft4j.autograd.optim.ParamGroup;
import org.peft4j.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The local training loop every other feature reuses (the CLI's finetune, federated clients): micro-batches with
 * gradient accumulation, AdamW with warmup and decay, global-norm clipping, evaluation every N steps or per epoch,
 * best-metric tracking with early stopping, resumable checkpoints, a progress bar, a JSON-lines log and PNG curves.
 * <p>
 * Determinism: batches come from a {@link BatchPlan} that is a function of the epoch, and before every micro-batch
 * the {@code reseed} hook receives a seed derived from (run seed, micro-batch index) — wire it to
 * {@code Dropout.reseedAll}. So a run stopped at step N and resumed from its checkpoint reaches the same weights,
 * bit for bit, as a run that never stopped.
 */
public final class Trainer<B> {
    private final List<Parameter> params;
    private final TrainerConfig config;
    private final Optimizer optimizer;
    private LongConsumer reseed = s -> {};
    private Map<String, Tensor> bestValues;

    public Trainer(List<Parameter> trainable, TrainerConfig config) {
        if (trainable.isEmpty()) throw new IllegalArgumentException("nothing to train: the model has no trainable parameters");
        this.params = List.copyOf(trainable);
        this.config = config;
        // As Hugging Face's Trainer: no weight decay on biases and norm scales (1-D tensors).
        List<Parameter> decay = new ArrayList<>(), noDecay = new ArrayList<>();
        for (Parameter p : params) (p.dim() >= 2 ? decay : noDecay).add(p);
        List<ParamGroup> groups = new ArrayList<>();
        if (!decay.isEmpty()) groups.add(new ParamGroup(decay, config.learningRate(), config.weightDecay()));
        if (!noDecay.isEmpty()) groups.add(new ParamGroup(noDecay, config.learningRate(), 0.0));
        this.optimizer = new AdamW(groups, 0.9, 0.999, 1e-8, false);
    }

    /** Called before each micro-batch with a seed derived from the run seed and the micro-batch index. */
    public Trainer<B> onReseed(LongConsumer reseed) {
        this.reseed = reseed;
        return this;
    }

    public Optimizer optimizer() { return optimizer; }

    /** Trains to the end of the configured run. */
    public TrainResult fit(BatchPlan<B> plan, TrainStep<B> step, Evaluator eval) {
        return fit(plan, step, eval, null, Long.MAX_VALUE);
    }

    /**
     * Trains from {@code resumeFrom} (a checkpoint folder, or null for a fresh start) until the run ends or the
     * optimizer step reaches {@code stopAtStep}; with an out dir, the folder {@code checkpoint} there always holds
     * the latest state.
     */
    public TrainResult fit(BatchPlan<B> plan, TrainStep<B> step, Evaluator eval, Path resumeFrom, long stopAtStep) {
        long started = System.nanoTime();
        int batchesPerEpoch = plan.batches(0).size();
        if (batchesPerEpoch == 0) throw new IllegalArgumentException("the training data gives no batches");
        long stepsPerEpoch = (batchesPerEpoch + config.gradAccumulation() - 1) / config.gradAccumulation();
        long totalSteps = config.maxSteps() > 0 ? config.maxSteps() : config.epochs() * stepsPerEpoch;
        long warmup = Math.round(config.warmupRatio() * totalSteps);

        TrainState state = TrainState.start(config.greaterIsBetter());
        if (resumeFrom != null) {
            try {
                state = Checkpoint.load(resumeFrom, params, optimizer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resume from " + resumeFrom, e);
            }
        }
        LrScheduler scheduler = new LrScheduler(optimizer, config.schedule().build(warmup, totalSteps), state.step());
        Path out = config.outDir();
        Map<String, Double> lastMetrics = Map.of();
        boolean stoppedEarly = false;

        try (TrainLog log = new TrainLog(out == null ? null : out.resolve("train_log.jsonl"), resumeFrom != null);
             ProgressBar bar = progressBar(totalSteps, state.step())) {
            double lossSum = 0;
            int lossCount = 0, examplesSinceLog = 0;
            long logClock = System.nanoTime();
            outer:
            for (int epoch = state.epoch(); state.step() < totalSteps; epoch++) {
                if (config.maxSteps() <= 0 && epoch >= config.epochs()) break;
                List<B> batches = plan.batches(epoch);
                int first = epoch == state.epoch() ? state.batchInEpoch() : 0;
                int micro = 0;
                for (int bi = first; bi < batches.size(); bi++) {
                    reseed.accept(mix(config.seed(), (long) epoch * batchesPerEpoch + bi));
                    Var loss = step.loss(batches.get(bi));
                    float lv = loss.item();
                    if (!Float.isFinite(lv))
                        throw new IllegalStateException("training loss became " + lv + " at step " + state.step() + " (epoch " + epoch + ", batch " + bi + "); lower the learning rate or check the data");
                    int remainingInGroup = Math.min(config.gradAccumulation(), batches.size() - (bi - micro));
                    loss.mul(1f / remainingInGroup).backward();
                    lossSum += lv;
                    lossCount++;
                    examplesSinceLog++;
                    micro++;
                    if (micro < config.gradAccumulation() && bi < batches.size() - 1) continue;
                    micro = 0;
                    double gradNorm = config.maxGradNorm() > 0 ? GradClip.clipGradNorm(params, config.maxGradNorm()) : Double.NaN;
                    optimizer.step();
                    scheduler.step();
                    optimizer.zeroGrad();
                    state = new TrainState(state.step() + 1, epoch, bi + 1, state.bestMetric(), state.bestStep(), state.evalsWithoutImprovement());
                    if (bar != null) { bar.step(); bar.setExtraMessage(String.format(" loss %.4f", lv)); }
                    if (state.step() % config.logEvery() == 0 || state.step() == totalSteps) {
                        double secs = (System.nanoTime() - logClock) / 1e9;
                        Map<String, Double> v = new LinkedHashMap<>();
                        v.put("loss", lossSum / lossCount);
                        v.put("lr", scheduler.lastLr());
                        if (!Double.isNaN(gradNorm)) v.put("grad_norm", gradNorm);
                        v.put("batches_per_s", examplesSinceLog / Math.max(secs, 1e-9));
                        log.add("train", state.step(), epoch, v);
                        lossSum = 0; lossCount = 0; examplesSinceLog = 0; logClock = System.nanoTime();
                    }
                    boolean last = state.step() >= totalSteps;
                    if (eval != null && config.evalEvery() > 0 && (state.step() % config.evalEvery() == 0 || last)) {
                        lastMetrics = evaluate(eval, log, state.step(), epoch);
                        state = track(state, lastMetrics);
                        if (config.earlyStoppingPatience() > 0 && state.evalsWithoutImprovement() >= config.earlyStoppingPatience()) {
                            stoppedEarly = true;
                            saveCheckpoint(state);
                            break outer;
                        }
                    }
                    if (last) break; // the epoch's end-of-epoch work (evaluation, checkpoint) still runs below
                    if (config.saveEvery() > 0 && state.step() % config.saveEvery() == 0 && state.step() < stopAtStep) saveCheckpoint(state);
                    if (state.step() >= stopAtStep) {
                        saveCheckpoint(state);
                        break outer;
                    }
                }
                state = new TrainState(state.step(), epoch + 1, 0, state.bestMetric(), state.bestStep(), state.evalsWithoutImprovement());
                if (eval != null && config.evalEvery() == 0) {
                    lastMetrics = evaluate(eval, log, state.step(), epoch);
                    state = track(state, lastMetrics);
                    if (config.earlyStoppingPatience() > 0 && state.evalsWithoutImprovement() >= config.earlyStoppingPatience()) {
                        stoppedEarly = true;
                        break;
                    }
                }
                saveCheckpoint(state);
            }
            if (out != null) {
                try {
                    CurvePlots.write(log.entries(), out);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write plots into " + out, e);
                }
            }
            return new TrainResult(state.step(), lastMetrics, state.bestMetric(), state.bestStep(), stoppedEarly,
                    log.entries(), (System.nanoTime() - started) / 1e9, stoppedEarly || state.step() >= totalSteps);
        }
    }

    /** Puts back the parameter values of the best evaluation seen (no-op when nothing was evaluated). */
    public void restoreBest() {
        if (bestValues == null) return;
        for (Parameter p : params) {
            float[] src = bestValues.get(p.name()).floatArray();
            Tensor v = p.value();
            System.arraycopy(src, 0, v.floatArray(), v.offset(), src.length);
        }
    }

    /** Logs the evaluation at the optimizer step it follows (not the last logged train step, which may be earlier). */
    private Map<String, Double> evaluate(Evaluator eval, TrainLog log, long step, int epoch) {
        Map<String, Double> m = eval.evaluate();
        log.add("eval", step, epoch, m);
        return m;
    }

    private TrainState track(TrainState s, Map<String, Double> metrics) {
        Double v = metrics.get(config.bestMetric());
        if (v == null)
            throw new IllegalArgumentException("evaluation returned " + metrics.keySet() + " but the best-checkpoint metric is '" + config.bestMetric() + "'");
        boolean better = config.greaterIsBetter() ? v > s.bestMetric() : v < s.bestMetric();
        if (!better) return new TrainState(s.step(), s.epoch(), s.batchInEpoch(), s.bestMetric(), s.bestStep(), s.evalsWithoutImprovement() + 1);
        bestValues = Checkpoint.values(params);
        if (config.outDir() != null) {
            try {
                Checkpoint.save(config.outDir().resolve("best"), params, optimizer, s, config.seed());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the best checkpoint", e);
            }
        }
        return new TrainState(s.step(), s.epoch(), s.batchInEpoch(), v, s.step(), 0);
    }

    private void saveCheckpoint(TrainState s) {
        if (config.outDir() == null) return;
        try {
            Checkpoint.save(config.outDir().resolve("checkpoint"), params, optimizer, s, config.seed());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint into " + config.outDir(), e);
        }
    }

    private ProgressBar progressBar(long total, long start) {
        if (!config.progressBar()) return null;
        ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).showSpeed().build();
        bar.stepTo(start);
        return bar;
    }

    /** SplitMix64 finaliser: a well-spread seed for each micro-batch. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
