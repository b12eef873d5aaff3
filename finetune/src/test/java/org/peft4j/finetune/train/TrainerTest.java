package org.peft4j.finetune.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The loop on a tiny noisy linear regression with dropout, where exact answers are easy to state. */
class TrainerTest {
    record Batch(Tensor x, Tensor y) {}

    private static final int N = 64, D = 5;
    private final Tensor xAll, yAll;

    TrainerTest() {
        Random r = new Random(7);
        float[] w = {1.5f, -2f, 0.5f, 3f, -1f};
        float[] x = new float[N * D], y = new float[N];
        for (int i = 0; i < N; i++) {
            float s = 0.3f;
            for (int j = 0; j < D; j++) { x[i * D + j] = (float) r.nextGaussian(); s += w[j] * x[i * D + j]; }
            y[i] = s + 0.01f * (float) r.nextGaussian();
        }
        xAll = Tensor.of(x, N, D);
        yAll = Tensor.of(y, N, 1);
    }

    private BatchPlan<Batch> plan(int batch) {
        return epoch -> {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < N; i++) idx.add(i);
            java.util.Collections.shuffle(idx, new Random(100 + epoch));
            List<Batch> out = new ArrayList<>();
            for (int s = 0; s < N; s += batch) {
                int n = Math.min(batch, N - s);
                float[] bx = new float[n * D], by = new float[n];
                for (int k = 0; k < n; k++) {
                    int i = idx.get(s + k);
                    for (int j = 0; j < D; j++) bx[k * D + j] = xAll.get(i, j);
                    by[k] = yAll.get(i, 0);
                }
                out.add(new Batch(Tensor.of(bx, n, D), Tensor.of(by, n, 1)));
            }
            return out;
        };
    }

    /** A linear model with input dropout driven by an RNG the trainer reseeds. */
    private static final class Model {
        final Parameter w = new Parameter("w", Tensor.zeros(D, 1));
        final Parameter b = new Parameter("b", Tensor.zeros(1));
        SplittableRandom rng = new SplittableRandom(0);

        Var loss(Batch batch) {
            Var x = F.dropout(Var.constant(batch.x()), 0.1f, rng, true);
            Var pred = F.add(F.matmul(x, w), b);
            Var diff = F.sub(pred, Var.constant(batch.y()));
            return F.mean(F.mul(diff, diff));
        }

        List<Parameter> params() { return List.of(w, b); }
    }

    private static Trainer<Batch> trainer(Model m, TrainerConfig c) {
        return new Trainer<Batch>(m.params(), c).onReseed(s -> m.rng = new SplittableRandom(s));
    }

    private Evaluator evaluator(Model m) {
        return () -> {
            Var pred = F.add(F.matmul(Var.constant(xAll), m.w), m.b);
            Var diff = F.sub(pred, Var.constant(yAll));
            return Map.of("mse", (double) F.mean(F.mul(diff, diff)).item());
        };
    }

    private static TrainerConfig config() {
        return TrainerConfig.defaults().withEpochs(6).withLearningRate(0.05).withWeightDecay(0).withWarmupRatio(0.1)
                .withBestMetric("mse", false).withSeed(3).withLogEvery(2);
    }

    @Test
    void learnsTheRegressionAndLogsIt(@TempDir Path dir) throws Exception {
        Model m = new Model();
        TrainResult r = trainer(m, config().withEpochs(12).withLearningRate(0.2).withOutDir(dir)).fit(plan(8), m::loss, evaluator(m));
        assertEquals(96, r.steps());
        double first = r.history().stream().filter(e -> e.kind().equals("train")).findFirst().orElseThrow().values().get("loss");
        assertTrue(r.finalMetrics().get("mse") < first / 10, "mse " + r.finalMetrics() + " vs first loss " + first);
        assertTrue(Files.readAllLines(dir.resolve("train_log.jsonl")).getFirst().contains("\"type\":\"train\""));
        assertTrue(Files.size(dir.resolve("loss.png")) > 1000);
        assertTrue(Files.size(dir.resolve("metrics.png")) > 1000);
        assertTrue(Files.exists(dir.resolve("checkpoint/trainer_state.json")));
        assertTrue(Files.exists(dir.resolve("best/trainable.safetensors")));
    }

    @Test
    void resumingFromACheckpointReproducesTheUninterruptedRun(@TempDir Path dir) {
        Model straight = new Model();
        trainer(straight, config()).fit(plan(8), straight::loss, null);

        Model firstHalf = new Model();
        TrainerConfig c = config().withOutDir(dir);
        trainer(firstHalf, c).fit(plan(8), firstHalf::loss, null, null, 21); // stops mid-epoch (8 steps per epoch)
        Model resumed = new Model();
        trainer(resumed, c).fit(plan(8), resumed::loss, null, dir.resolve("checkpoint"), Long.MAX_VALUE);

        assertArrayEquals(straight.w.value().toFloatArray(), resumed.w.value().toFloatArray());
        assertArrayEquals(straight.b.value().toFloatArray(), resumed.b.value().toFloatArray());
        assertFalse(java.util.Arrays.equals(new Model().w.value().toFloatArray(), resumed.w.value().toFloatArray()));
    }

    @Test
    void aRunThatCrashesResumesFromItsLastPeriodicCheckpoint(@TempDir Path dir) {
        Model straight = new Model();
        trainer(straight, config()).fit(plan(8), straight::loss, null);

        Model crashing = new Model();
        int[] calls = {0};
        TrainStep<Batch> crashAt20 = batch -> {
            if (++calls[0] == 20) throw new IllegalStateException("simulated crash");
            return crashing.loss(batch);
        };
        TrainerConfig c = config().withOutDir(dir).withSaveEvery(6);
        assertThrows(IllegalStateException.class, () -> trainer(crashing, c).fit(plan(8), crashAt20, null));
        assertTrue(Files.exists(dir.resolve("checkpoint/trainer_state.json")));

        Model resumed = new Model();
        trainer(resumed, c).fit(plan(8), resumed::loss, null, dir.resolve("checkpoint"), Long.MAX_VALUE); // from step 18
        assertArrayEquals(straight.w.value().toFloatArray(), resumed.w.value().toFloatArray());
        assertArrayEquals(straight.b.value().toFloatArray(), resumed.b.value().toFloatArray());
    }

    @Test
    void gradientAccumulationMatchesTheLargerBatchWithoutDropout() {
        Model a = new Model(), b = new Model();
        TrainerConfig c = config().withEpochs(2);
        // no dropout randomness difference matters only if p=0; use eval-style loss without dropout
        TrainStep<Batch> plainA = batch -> {
            Var d = F.sub(F.add(F.matmul(Var.constant(batch.x()), a.w), a.b), Var.constant(batch.y()));
            return F.mean(F.mul(d, d));
        };
        TrainStep<Batch> plainB = batch -> {
            Var d = F.sub(F.add(F.matmul(Var.constant(batch.x()), b.w), b.b), Var.constant(batch.y()));
            return F.mean(F.mul(d, d));
        };
        new Trainer<Batch>(a.params(), c).fit(plan(16), plainA, null);
        new Trainer<Batch>(b.params(), c.withGradAccumulation(2)).fit(plan(8), plainB, null);
        // same examples per update (the 8-batches pair up into the 16-batches of the same shuffle)
        Tensor wa = a.w.value(), wb = b.w.value();
        assertTrue(wa.allClose(wb, 1e-4, 1e-5), wa.compare(wb, 1e-4, 1e-5));
    }

    @Test
    void maxStepsMidEpochStopsThereEvaluatesOnceAndSavesOnce(@TempDir Path dir) throws Exception {
        Model m = new Model();
        int[] lossCalls = {0}, evals = {0};
        TrainStep<Batch> counting = batch -> { lossCalls[0]++; return m.loss(batch); };
        Evaluator eval = () -> { evals[0]++; return Map.of("mse", 1.0); };
        TrainResult r = trainer(m, config().withMaxSteps(5).withOutDir(dir)).fit(plan(8), counting, eval);
        assertEquals(5, r.steps());
        assertEquals(5, lossCalls[0], "no batches after the last step");
        assertEquals(1, evals[0]);
        assertTrue(Files.readString(dir.resolve("checkpoint/trainer_state.json")).contains("\"step\" : 5"));
    }

    @Test
    void evaluationsAreLoggedAtTheStepTheyFollowEvenBetweenTrainLogLines() {
        // 8 steps per epoch, train loss logged every 3 steps: steps 4 and 8 have no train line of their own.
        Evaluator eval = () -> Map.of("mse", 1.0);
        Model a = new Model();
        TrainResult every4 = trainer(a, config().withEpochs(2).withLogEvery(3).withEvalEvery(4)).fit(plan(8), a::loss, eval);
        assertEquals(List.of(4L, 8L, 12L, 16L), evalSteps(every4));
        Model b = new Model();
        TrainResult perEpoch = trainer(b, config().withEpochs(2).withLogEvery(3)).fit(plan(8), b::loss, eval);
        assertEquals(List.of(8L, 16L), evalSteps(perEpoch));
    }

    private static List<Long> evalSteps(TrainResult r) {
        return r.history().stream().filter(e -> e.kind().equals("eval")).map(TrainLog.Entry::step).toList();
    }

    @Test
    void earlyStoppingEndsARunThatStopsImproving() {
        Model m = new Model();
        int[] calls = {0};
        Evaluator flat = () -> { calls[0]++; return Map.of("mse", 1.0); };
        TrainResult r = trainer(m, config().withEpochs(50).withEvalEvery(4).withEarlyStopping(2)).fit(plan(8), m::loss, flat);
        assertTrue(r.stoppedEarly());
        assertEquals(3, calls[0]); // first eval sets the best, two more without improvement
        assertEquals(12, r.steps());
    }

    @Test
    void nonFiniteLossNamesTheStep() {
        Model m = new Model();
        TrainStep<Batch> bad = batch -> F.mulScalar(m.loss(batch), Float.NaN);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer(m, config()).fit(plan(8), bad, null));
        assertTrue(e.getMessage().contains("step 0"), e.getMessage());
    }
}
