package org.peft4j.examples;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.peft4j.autograd.F;
import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Losses;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Ops;

/**
 * Reverse-mode autograd on a 2-layer MLP that learns XOR from noisy 2-D points. The forward pass is ordinary code
 * over {@link Var}s; each op records how to push a gradient back, and {@code loss.backward()} walks those records
 * in reverse. One gradient is checked against a finite difference first: autograd is the chain rule, done exactly.
 * Run: {@code examples/run.sh AutogradMlp [--steps 200] [--points 200] [--hidden 16] [--lr 0.02]}
 */
public final class AutogradMlp {
    private AutogradMlp() {}

    public static void main(String[] argv) {
        ExampleArgs args = new ExampleArgs(argv, "--steps", "--points", "--hidden", "--lr");
        int steps = args.integer("--steps", 200), n = args.integer("--points", 200), hidden = args.integer("--hidden", 16);
        double lr = args.real("--lr", 0.02);

        // Data: points around (±1, ±1); the class is 1 when the signs differ (XOR), which no straight line separates.
        Random rng = new Random(42);
        float[] xy = new float[2 * n];
        long[] label = new long[n];
        for (int i = 0; i < n; i++) {
            int sx = rng.nextBoolean() ? 1 : -1, sy = rng.nextBoolean() ? 1 : -1;
            xy[2 * i] = sx + 0.3f * (float) rng.nextGaussian();
            xy[2 * i + 1] = sy + 0.3f * (float) rng.nextGaussian();
            label[i] = sx != sy ? 1 : 0;
        }
        Var x = Var.constant(Tensor.of(xy, n, 2));
        Tensor y = Tensor.ofLongs(label, n);

        // Parameters are leaf Vars that require grad: W1 [hidden, 2], b1, W2 [2, hidden], b2 (nn.Linear's layout).
        Parameter w1 = new Parameter("w1", Tensor.randn(rng, 1f, hidden, 2)), b1 = new Parameter("b1", Tensor.zeros(hidden));
        Parameter w2 = new Parameter("w2", Tensor.randn(rng, (float) (1 / Math.sqrt(hidden)), 2, hidden)), b2 = new Parameter("b2", Tensor.zeros(2));
        List<Parameter> params = List.of(w1, b1, w2, b2);
        AdamW opt = new AdamW(params, lr);

        // Gradient check on W1[0, 0] at the initial weights: autograd's value against the central difference
        // (L(w + e) - L(w - e)) / 2e of two forward passes without a tape.
        Losses.crossEntropy(mlp(x, w1, b1, w2, b2), y).backward();
        double analytic = w1.grad().get(0, 0);
        w1.zeroGrad();
        float saved = w1.value().get(0, 0), eps = 1e-2f;
        double[] l = new double[2];
        try (var g = GradMode.noGrad()) {
            for (int s = 0; s < 2; s++) {
                w1.value().set(saved + (s == 0 ? eps : -eps), 0, 0);
                l[s] = Losses.crossEntropy(mlp(x, w1, b1, w2, b2), y).item();
            }
        }
        w1.value().set(saved, 0, 0);
        System.out.printf(Locale.ROOT, "dL/dW1[0,0] at the start: autograd %.6f, finite difference %.6f%n", analytic, (l[0] - l[1]) / (2 * eps));

        for (int step = 0; step <= steps; step++) {
            Var loss = Losses.crossEntropy(mlp(x, w1, b1, w2, b2), y);  // forward: every op is recorded on the tape
            if (step % (Math.max(1, steps / 5)) == 0)
                System.out.printf(Locale.ROOT, "step %4d  loss %.4f  accuracy %.3f%n", step, loss.item(), accuracy(x, y, w1, b1, w2, b2));
            if (step == steps) break;
            loss.backward();   // backward: fills w1.grad() ... b2.grad()
            opt.step();        // AdamW reads the grads and updates the values in place
            opt.zeroGrad();
        }
    }

    /** logits = W2 · tanh(W1 · x + b1) + b2, for a batch x [n, 2]. */
    static Var mlp(Var x, Parameter w1, Parameter b1, Parameter w2, Parameter b2) {
        return F.linear(F.tanh(F.linear(x, w1, b1)), w2, b2);
    }

    static double accuracy(Var x, Tensor y, Parameter w1, Parameter b1, Parameter w2, Parameter b2) {
        try (var g = GradMode.noGrad()) {
            long[] pred = Ops.argmax(mlp(x, w1, b1, w2, b2).value(), -1).toLongArray(), gold = y.toLongArray();
            int right = 0;
            for (int i = 0; i < gold.length; i++) if (pred[i] == gold[i]) right++;
            return (double) right / gold.length;
        }
    }
}
