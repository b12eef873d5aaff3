package org.peft4j.autograd.gradcheck;

import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Storage;
import org.peft4j.tensor.Tensor;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/**
 * Finite-difference check of analytical gradients.
 * <p>
 * The function's output (any shape) is reduced to a scalar L = Σ r_i·out_i with fixed random weights r, summed in
 * double; the analytical gradient is what {@code out.backward(r)} leaves on the inputs. The numerical gradient
 * perturbs one input element at a time. The Tensor layer stores fp32, so the perturbation happens in fp32: the
 * step actually taken (fl(x±h) - x, computed in double) is the divisor, and Richardson extrapolation of central
 * differences at h and h/2, D = (4·D(h/2) - D(h))/3, cancels the h² truncation term, so h can be large enough
 * (default 1e-2) that fp32 rounding of L (≈1e-7 relative) stays around 1e-5 in the derivative. Default tolerances
 * |analytic - numeric| <= 1e-3 + 1e-2·|numeric| are then far below the O(1) errors that real backward bugs cause.
 * <p>
 * Inputs may be non-contiguous views (the perturbation goes through the view's storage index) but not expanded
 * (stride-0) views, whose elements alias. Functions that use randomness must reseed it on every call.
 */
public final class GradCheck {
    private final double h, atol, rtol;
    private final long seed;

    private GradCheck(double h, double atol, double rtol, long seed) {
        this.h = h;
        this.atol = atol;
        this.rtol = rtol;
        this.seed = seed;
    }

    /** Defaults: h = 1e-2, atol = 1e-3, rtol = 1e-2, projection seed 1234. */
    public static GradCheck defaults() { return new GradCheck(1e-2, 1e-3, 1e-2, 1234); }

    public GradCheck step(double h) { return new GradCheck(h, atol, rtol, seed); }
    public GradCheck tolerance(double atol, double rtol) { return new GradCheck(h, atol, rtol, seed); }

    /** Checks the gradient with respect to every input; throws AssertionError naming the worst element. */
    public void check(Function<Var[], Var> f, Tensor... inputs) {
        boolean[] all = new boolean[inputs.length];
        Arrays.fill(all, true);
        check(f, inputs, all);
    }

    /**
     * Checks gradients with respect to the inputs flagged in {@code differentiable}; the others are passed as
     * constants and must receive no gradient.
     */
    public void check(Function<Var[], Var> f, Tensor[] inputs, boolean[] differentiable) {
        if (differentiable.length != inputs.length)
            throw new IllegalArgumentException("gradcheck: " + differentiable.length + " flags for " + inputs.length + " inputs");
        for (int i = 0; i < inputs.length; i++) {
            int[] st = inputs[i].strides();
            int[] sh = inputs[i].shape();
            for (int d = 0; d < st.length; d++)
                if (st[d] == 0 && sh[d] > 1)
                    throw new IllegalArgumentException("gradcheck: input " + i + " is an expanded view (stride 0 in dim " + d + "); its elements alias");
        }
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) vars[i] = new Var(inputs[i], differentiable[i]);
        Var out;
        try (var g = GradMode.enableGrad()) {
            out = f.apply(vars);
        }
        Tensor weights = projection(out.shape());
        boolean any = false;
        for (boolean b : differentiable) any |= b;
        if (!any) throw new IllegalArgumentException("gradcheck: no input is marked differentiable");
        if (!out.requiresGrad()) throw new AssertionError("gradcheck: output of op '" + out.op() + "' does not require grad although an input does");
        out.backward(weights);

        for (int i = 0; i < inputs.length; i++) {
            if (!differentiable[i]) {
                if (vars[i].grad() != null) throw new AssertionError("gradcheck: constant input " + i + " received a gradient");
                continue;
            }
            Tensor analytic = vars[i].grad();
            if (analytic == null) analytic = Tensor.zeros(inputs[i].shape()); // no path: gradient is zero
            Tensor numeric = numericGradient(f, inputs, differentiable, i, weights);
            String msg = analytic.compare(numeric, rtol, atol);
            if (msg != null)
                throw new AssertionError("gradcheck of op '" + out.op() + "' w.r.t. input " + i + " " + Shapes.str(inputs[i].shape())
                        + ": analytic vs finite difference " + msg + "\nanalytic " + Arrays.toString(analytic.toFloatArray())
                        + "\nnumeric  " + Arrays.toString(numeric.toFloatArray()));
        }
    }

    private Tensor projection(int[] shape) {
        Random rng = new Random(seed);
        float[] r = new float[Shapes.numel(shape)];
        for (int i = 0; i < r.length; i++) r[i] = (float) ((rng.nextBoolean() ? 1 : -1) * (0.5 + rng.nextDouble()));
        return Tensor.of(r, shape);
    }

    private Tensor numericGradient(Function<Var[], Var> f, Tensor[] inputs, boolean[] differentiable, int which, Tensor weights) {
        Tensor x = inputs[which];
        Storage s = x.storage();
        int n = x.numel();
        float[] grad = new float[n];
        for (int k = 0; k < n; k++) {
            long at = x.elementIndex(k);
            float original = s.getFloat(at);
            try {
                double dH = centralDifference(f, inputs, differentiable, weights, s, at, original, h);
                double dH2 = centralDifference(f, inputs, differentiable, weights, s, at, original, h / 2);
                grad[k] = (float) ((4 * dH2 - dH) / 3);
            } finally {
                s.setFloat(at, original);
            }
        }
        return Tensor.of(grad, x.shape());
    }

    private double centralDifference(Function<Var[], Var> f, Tensor[] inputs, boolean[] differentiable, Tensor weights,
                                     Storage s, long at, float original, double step) {
        float plus = (float) (original + step), minus = (float) (original - step);
        s.setFloat(at, plus);
        double lPlus = evaluate(f, inputs, weights);
        s.setFloat(at, minus);
        double lMinus = evaluate(f, inputs, weights);
        s.setFloat(at, original);
        return (lPlus - lMinus) / ((double) plus - (double) minus);
    }

    private static double evaluate(Function<Var[], Var> f, Tensor[] inputs, Tensor weights) {
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) vars[i] = new Var(inputs[i], false);
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = f.apply(vars).value();
        }
        double l = 0;
        int n = out.numel();
        for (int i = 0; i < n; i++) l += (double) weights.storage().getFloat(weights.elementIndex(i)) * out.storage().getFloat(out.elementIndex(i));
        return l;
    }
}
