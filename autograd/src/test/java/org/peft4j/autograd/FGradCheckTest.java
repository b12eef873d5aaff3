package org.peft4j.autograd;

import org.junit.jupiter.api.Test;
import org.peft4j.autograd.gradcheck.GradCheck;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Ops;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;
import static org.peft4j.autograd.TestTensors.*;

/** One finite-difference check per differentiable op, including broadcasting and non-contiguous inputs. */
class FGradCheckTest {
    private static final GradCheck CHECK = GradCheck.defaults();

    private static void check(Function<Var[], Var> f, Tensor... inputs) { CHECK.check(f, inputs); }

    // ------------------------------------------------------------ arithmetic

    @Test void addBroadcast() { check(v -> F.add(v[0], v[1]), randn(1, 2, 3, 4), randn(2, 3, 1)); }
    @Test void subBroadcastLeadingDims() { check(v -> F.sub(v[0], v[1]), randn(3, 4), randn(4, 2, 3, 4)); }
    @Test void mulBroadcast() { check(v -> F.mul(v[0], v[1]), randn(5, 2, 1, 4), randn(6, 3, 1)); }
    @Test void divBroadcast() { check(v -> F.div(v[0], v[1]), randn(7, 2, 3), uniform(8, 0.5f, 2f, 3)); }
    @Test void mulOfNonContiguousViews() { check(v -> F.mul(v[0], v[1]), randn(9, 4, 3).transpose(0, 1), randn(10, 3, 8).narrow(1, 2, 4)); }
    @Test void scalarOps() {
        check(v -> F.rsubScalar(2f, F.addScalar(F.mulScalar(F.neg(v[0]), 3f), 0.5f)), randn(11, 2, 3));
    }

    // ------------------------------------------------------------ elementwise functions

    @Test void exp() { check(v -> F.exp(v[0]), randn(12, 3, 7)); }
    @Test void log() { check(v -> F.log(v[0]), uniform(13, 0.5f, 3f, 3, 7)); }
    @Test void sqrt() { check(v -> F.sqrt(v[0]), uniform(14, 0.5f, 3f, 3, 7)); }
    @Test void powFractional() { check(v -> F.pow(v[0], 2.5f), uniform(15, 0.5f, 2f, 3, 7)); }
    @Test void powInteger() { check(v -> F.pow(v[0], 3f), randn(16, 3, 7)); }
    @Test void tanh() { check(v -> F.tanh(v[0]), randn(17, 3, 7)); }
    @Test void sigmoid() { check(v -> F.sigmoid(v[0]), randn(18, 3, 7)); }
    @Test void relu() { check(v -> F.relu(v[0]), awayFromZero(19, 3, 7)); }
    @Test void silu() { check(v -> F.silu(v[0]), randn(20, 3, 7)); }
    @Test void gelu() { check(v -> F.gelu(v[0]), randn(21, 3, 7)); }
    @Test void geluTanh() { check(v -> F.geluTanh(v[0]), randn(22, 3, 7)); }

    // ------------------------------------------------------------ reductions

    /** 0-dim results (losses, sums) flow through further elementwise ops. */
    @Test void scalarResults() { check(v -> F.exp(F.add(F.mean(v[0]), F.mul(F.sum(v[1]), F.sum(v[1])))), randn(98, 2, 3), randn(99, 4)); }
    @Test void sumAll() { check(v -> F.sum(v[0]), randn(23, 2, 3, 4)); }
    @Test void sumDim() {
        check(v -> F.sum(v[0], 1, false), randn(24, 2, 3, 4));
        check(v -> F.sum(v[0], -1, true), randn(25, 2, 3, 4));
    }
    @Test void meanAllAndDim() {
        check(v -> F.mean(v[0]), randn(26, 2, 3, 4));
        check(v -> F.mean(v[0], 0, true), randn(27, 2, 3, 4));
    }

    // ------------------------------------------------------------ matrix products

    @Test void matmul2d() { check(v -> F.matmul(v[0], v[1]), randn(28, 3, 4), randn(29, 4, 5)); }
    @Test void matmulBroadcastBatch() {
        check(v -> F.matmul(v[0], v[1]), randn(30, 2, 3, 4, 5), randn(31, 5, 2));
        check(v -> F.matmul(v[0], v[1]), randn(32, 3, 1, 2, 4), randn(33, 2, 4, 3));
    }
    @Test void matmulVectors() {
        check(v -> F.matmul(v[0], v[1]), randn(34, 4), randn(35, 2, 4, 3));
        check(v -> F.matmul(v[0], v[1]), randn(36, 3, 4), randn(37, 4));
    }
    @Test void matmulTransposedViews() { check(v -> F.matmul(v[0], v[1]), randn(38, 4, 3).transpose(0, 1), randn(39, 5, 4).transpose(0, 1)); }

    @Test void linearWithBias() { check(v -> F.linear(v[0], v[1], v[2]), randn(40, 2, 3, 4), randn(41, 5, 4), randn(42, 5)); }
    @Test void linearWithoutBias() { check(v -> F.linear(v[0], v[1], null), randn(43, 3, 4), randn(44, 2, 4)); }

    @Test
    void linearThroughFrozenBf16Weight() {
        Tensor w = bf16(randn(45, 5, 4));
        // the weight is a constant of the function: only x is perturbed
        CHECK.check(v -> F.linear(v[0], new Var(w), v[1]), new Tensor[]{randn(46, 2, 4), randn(47, 5)}, new boolean[]{true, true});
    }

    // ------------------------------------------------------------ views

    @Test void reshape() { check(v -> F.mul(F.reshape(v[0], 4, -1), v[1]), randn(48, 2, 3, 2), randn(49, 3)); }
    @Test void permute() { check(v -> F.mul(F.permute(v[0], 2, 0, 1), v[1]), randn(50, 2, 3, 4), randn(51, 4, 1, 3)); }
    @Test void transpose() { check(v -> F.matmul(F.transpose(v[0], 0, 1), v[1]), randn(52, 3, 2), randn(53, 3, 4)); }
    @Test void narrowAndSlice() {
        check(v -> F.exp(F.narrow(v[0], 1, 1, 2)), randn(54, 3, 4));
        check(v -> F.exp(F.slice(v[0], 0, 1, 3)), randn(55, 3, 4));
    }
    @Test void select() { check(v -> F.exp(F.select(v[0], 1, -1)), randn(56, 3, 4)); }
    @Test void unsqueezeSqueeze() { check(v -> F.mul(F.unsqueeze(v[0], 0), F.squeeze(v[1], 0)), randn(57, 3, 4), randn(58, 1, 5, 1, 4)); }
    @Test void expand() { check(v -> F.mul(F.expand(v[0], 2, 3, 4), v[1]), randn(59, 3, 1), randn(60, 2, 3, 4)); }
    @Test void concat() { check(v -> F.exp(F.concat(1, v[0], v[1], v[0])), randn(61, 2, 3), randn(62, 2, 1)); }
    @Test void split() {
        check(v -> {
            List<Var> parts = F.split(v[0], 2, 1);
            return F.add(F.mul(parts.get(0), parts.get(1)), F.expand(parts.get(2), 3, 2));
        }, randn(63, 3, 5));
    }
    @Test void indexSelectWithRepeats() { check(v -> F.exp(F.indexSelect(v[0], 0, longs(2, 0, 2, 1))), randn(64, 3, 4)); }
    @Test void maskedFill() {
        Tensor mask = Tensor.of(new float[]{1, 0, 0, 1}, 1, 4);
        check(v -> F.mul(F.maskedFill(v[0], mask, -5f), v[0]), randn(65, 3, 4));
    }

    // ------------------------------------------------------------ softmax family and norms

    @Test void softmax() { check(v -> F.softmax(v[0]), randn(66, 3, 19)); }
    @Test void softmaxAlongDim() { check(v -> F.softmax(v[0], 0), randn(67, 3, 5)); }
    @Test void softmaxWithMaskAndCausal() {
        // padding mask per batch item, broadcast over heads and queries; causal on top (3 queries at the end of 5 keys)
        Tensor mask = Tensor.of(new float[]{0, 0, -1e4f, 0, 0, -1e4f, 0, 0, 0, 0}, 2, 1, 1, 5);
        check(v -> F.softmax(v[0], mask, true), randn(68, 2, 2, 3, 5));
    }
    @Test void softmaxWithIntegerKeepMask() {
        Tensor keep = Tensor.ofLongs(new long[]{1, 1, 0, 1, 0, 1, 1, 1}, 2, 1, 4);
        check(v -> F.softmax(v[0], keep, false), randn(100, 2, 3, 4));
    }
    @Test void logSoftmax() { check(v -> F.logSoftmax(v[0]), randn(69, 4, 19)); }
    @Test void logSoftmaxCausal() { check(v -> F.exp(F.logSoftmax(v[0], null, true)), randn(70, 4, 4)); } // exp: masked outputs are -inf
    @Test void layerNorm() { check(v -> F.layerNorm(v[0], v[1], v[2], 1e-5f), randn(71, 2, 3, 18), randn(72, 18), randn(73, 18)); }
    @Test void layerNormWithoutAffine() { check(v -> F.layerNorm(v[0], null, null, 1e-5f), randn(74, 3, 5)); }
    @Test void rmsNorm() { check(v -> F.rmsNorm(v[0], v[1], 1e-6f), randn(75, 2, 3, 18), randn(76, 18)); }
    @Test void rope() { check(v -> F.rope(v[0], new int[]{3, 4, 5}, 10000f), randn(77, 2, 2, 3, 40)); }

    // ------------------------------------------------------------ tokens and randomness

    @Test
    void embeddingScatterAddsRepeatedIds() {
        Tensor ids = Tensor.ofLongs(new long[]{1, 3, 1, 0, 3, 3}, 2, 3);
        check(v -> F.embedding(v[0], ids), randn(78, 5, 4));
        Var w = Var.leaf(randn(79, 5, 4));
        F.sum(F.embedding(w, ids)).backward();
        float[] g = w.grad().toFloatArray();
        assertEquals(2f, g[4], "id 1 appears twice");
        assertEquals(3f, g[12], "id 3 appears three times");
        assertEquals(0f, g[8], "id 2 never appears");
    }

    @Test
    void dropoutWithSeededRng() {
        check(v -> F.dropout(v[0], 0.3f, new SplittableRandom(7), true), randn(80, 4, 5));
        Var x = Var.leaf(Tensor.ones(1000));
        Var y = F.dropout(x, 0.25f, new SplittableRandom(1), true);
        float[] d = y.value().toFloatArray();
        int zeros = 0;
        for (float f : d) { if (f == 0) zeros++; else assertEquals(1f / 0.75f, f, 1e-6); }
        assertTrue(zeros > 200 && zeros < 300, "about a quarter dropped, got " + zeros);
        assertSame(x, F.dropout(x, 0.25f, new SplittableRandom(1), false), "eval mode is the identity");
    }

    // ------------------------------------------------------------ losses

    @Test
    void crossEntropyAllOptions() {
        Tensor targets = Tensor.ofLongs(new long[]{2, -100, 0, 4}, 4);
        check(v -> Losses.crossEntropy(v[0], targets, -100, 0f, Reduction.MEAN), randn(81, 4, 5));
        check(v -> Losses.crossEntropy(v[0], targets, -100, 0.1f, Reduction.MEAN), randn(82, 4, 5));
        check(v -> Losses.crossEntropy(v[0], targets, -100, 0.2f, Reduction.SUM), randn(83, 4, 5));
        check(v -> Losses.crossEntropy(v[0], targets, -100, 0.1f, Reduction.NONE), randn(84, 4, 5));
        check(v -> Losses.crossEntropy(v[0], Tensor.ofLongs(new long[]{1, 0, 2, 2, 1, 0}, 2, 3), -100, 0f, Reduction.MEAN), randn(85, 2, 3, 3));
    }

    @Test void mse() { check(v -> Losses.mse(v[0], v[1]), randn(86, 3, 4), randn(87, 3, 4)); }

    @Test
    void bceWithLogits() {
        Tensor y = uniform(88, 0f, 1f, 3, 4);
        check(v -> Losses.bceWithLogits(v[0], y), randn(89, 3, 4));
        check(v -> Losses.bceWithLogits(v[0], y, uniform(90, 0.5f, 3f, 4), Reduction.SUM), randn(91, 3, 4));
    }

    // ------------------------------------------------------------ a whole model

    @Test
    void twoLayerMlpEndToEnd() {
        Tensor targets = Tensor.ofLongs(new long[]{0, 2, 1, 2, 0}, 5);
        check(v -> {
            Var h = F.gelu(F.linear(v[0], v[1], v[2]));
            Var h2 = F.layerNorm(h, null, null, 1e-5f);
            Var logits = F.linear(h2, v[3], v[4]);
            return Losses.crossEntropy(logits, targets);
        }, randn(92, 5, 4), randn(93, 6, 4), randn(94, 6), randn(95, 3, 6), randn(96, 3));
    }

    @Test
    void gradcheckCatchesAWrongBackward() {
        // a deliberately wrong op: forward x², backward claims 3x
        Function<Var[], Var> wrong = v -> Tape.record("wrongSquare", F.mul(v[0], v[0]).value().copy(),
                g -> new Tensor[]{Ops.mul(g, Ops.mulScalar(v[0].value(), 3f))}, v[0]);
        AssertionError e = assertThrows(AssertionError.class, () -> check(wrong, randn(97, 3)));
        assertTrue(e.getMessage().contains("wrongSquare"), e.getMessage());
    }
}
