package org.peft4j.autograd;

import org.junit.jupiter.api.Test;
import org.peft4j.tensor.Tensor;

import java.util.function.Function;

/**
 * Values and gradients against PyTorch 1.13 (fixtures from src/test/python/make_fixtures.py), to 1e-5 relative.
 * The absolute floor (1e-6) only matters for entries that are themselves ~0.
 */
class TorchAgreementTest {
    private static final double RTOL = 1e-5, ATOL = 1e-6;

    private static void close(Tensor actual, Tensor expected, String what) {
        String msg = actual.compare(expected, RTOL, ATOL);
        if (msg != null) throw new AssertionError(what + ": " + msg);
    }

    @Test
    void crossEntropyWithIgnoreIndexAndLabelSmoothing() {
        TorchFixture fx = TorchFixture.load("cross_entropy");
        Tensor targets = fx.longs("targets");
        Object[][] cases = {{"mean", 0f, Reduction.MEAN}, {"mean_smooth", 0.1f, Reduction.MEAN},
                {"sum_smooth", 0.2f, Reduction.SUM}, {"none_smooth", 0.1f, Reduction.NONE}};
        for (Object[] c : cases) {
            String tag = (String) c[0];
            Var x = Var.leaf(fx.tensor("logits"));
            Var loss = Losses.crossEntropy(x, targets, -100, (float) c[1], (Reduction) c[2]);
            Tensor expectedLoss = fx.tensor("ce." + tag + ".loss");
            close(loss.value().reshape(-1), expectedLoss, "CE " + tag + " loss");
            int n = loss.numel();
            float[] seed = new float[n];
            for (int i = 0; i < n; i++) seed[i] = n == 1 ? 0.5f : (float) (0.5 + i * (1.0 / (n - 1)));
            loss.backward(Tensor.of(seed, loss.shape()));
            close(x.grad(), fx.tensor("ce." + tag + ".grad"), "CE " + tag + " grad");
        }
    }

    @Test
    void mse() {
        TorchFixture fx = TorchFixture.load("mse");
        for (Reduction r : new Reduction[]{Reduction.MEAN, Reduction.SUM}) {
            String tag = r.name().toLowerCase();
            Var a = Var.leaf(fx.tensor("input")), b = Var.leaf(fx.tensor("target"));
            Var loss = Losses.mse(a, b, r);
            close(loss.value().reshape(1), fx.tensor("mse." + tag + ".loss"), "MSE " + tag);
            loss.backward();
            close(a.grad(), fx.tensor("mse." + tag + ".grad_input"), "MSE " + tag + " grad input");
            close(b.grad(), fx.tensor("mse." + tag + ".grad_target"), "MSE " + tag + " grad target");
        }
    }

    @Test
    void bceWithLogits() {
        TorchFixture fx = TorchFixture.load("bce_with_logits");
        for (String tag : new String[]{"plain", "pos_weight"}) {
            Var x = Var.leaf(fx.tensor("logits"));
            Tensor pw = tag.equals("plain") ? null : fx.tensor("pos_weight");
            Var loss = Losses.bceWithLogits(x, fx.tensor("targets"), pw, Reduction.MEAN);
            close(loss.value().reshape(1), fx.tensor("bce." + tag + ".loss"), "BCE " + tag);
            loss.backward();
            close(x.grad(), fx.tensor("bce." + tag + ".grad"), "BCE " + tag + " grad");
        }
    }

    @Test
    void layerNorm() {
        TorchFixture fx = TorchFixture.load("norms_softmax");
        Var x = Var.leaf(fx.tensor("x")), w = Var.leaf(fx.tensor("weight")), b = Var.leaf(fx.tensor("bias"));
        Var y = F.layerNorm(x, w, b, (float) fx.meta("layernorm_eps"));
        close(y.value(), fx.tensor("layernorm.y"), "layerNorm y");
        y.backward(fx.tensor("seed"));
        close(x.grad(), fx.tensor("layernorm.grad_x"), "layerNorm dx");
        close(w.grad(), fx.tensor("layernorm.grad_weight"), "layerNorm dw");
        close(b.grad(), fx.tensor("layernorm.grad_bias"), "layerNorm db");
    }

    @Test
    void rmsNorm() {
        TorchFixture fx = TorchFixture.load("norms_softmax");
        Var x = Var.leaf(fx.tensor("x")), w = Var.leaf(fx.tensor("weight"));
        Var y = F.rmsNorm(x, w, (float) fx.meta("rmsnorm_eps"));
        close(y.value(), fx.tensor("rmsnorm.y"), "rmsNorm y");
        y.backward(fx.tensor("seed"));
        close(x.grad(), fx.tensor("rmsnorm.grad_x"), "rmsNorm dx");
        close(w.grad(), fx.tensor("rmsnorm.grad_weight"), "rmsNorm dw");
    }

    @Test
    void softmaxFamily() {
        TorchFixture fx = TorchFixture.load("norms_softmax");
        unary(fx, "softmax", F::softmax);
        unary(fx, "logsoftmax", F::logSoftmax);
        Tensor mask = fx.tensor("mask");
        unary(fx, "softmax_masked_causal", x -> F.softmax(x, mask, true));
    }

    @Test
    void activations() {
        TorchFixture fx = TorchFixture.load("norms_softmax");
        unary(fx, "gelu", F::gelu);
        unary(fx, "gelu_tanh", F::geluTanh);
        unary(fx, "silu", F::silu);
    }

    private static void unary(TorchFixture fx, String name, Function<Var, Var> f) {
        Var x = Var.leaf(fx.tensor("x"));
        Var y = f.apply(x);
        close(y.value(), fx.tensor(name + ".y"), name + " y");
        y.backward(fx.tensor("seed"));
        close(x.grad(), fx.tensor(name + ".grad_x"), name + " dx");
    }
}
