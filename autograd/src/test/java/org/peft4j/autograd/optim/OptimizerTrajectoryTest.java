package org.peft4j.autograd.optim;

import org.junit.jupiter.api.Test;
import org.peft4j.autograd.F;
import org.peft4j.autograd.Losses;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.TorchFixture;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 20-step trajectories of torch.optim.AdamW and SGD on a tiny regression (W [3,4] with its own lr and weight
 * decay, b [3] with another), compared to 1e-5 relative after every step.
 */
class OptimizerTrajectoryTest {
    private static final double RTOL = 1e-5, ATOL = 1e-6;

    private static Optimizer build(String fixture, TorchFixture fx, Parameter w, Parameter b) {
        List<ParamGroup> groups = List.of(new ParamGroup(List.of(w), fx.meta("lrW"), fx.meta("wdW")),
                new ParamGroup(List.of(b), fx.meta("lrb"), fx.meta("wdb")));
        if (fixture.startsWith("adamw"))
            return new AdamW(groups, fx.meta("beta1"), fx.meta("beta2"), fx.meta("eps"), fx.metaFlag("amsgrad"));
        return new SGD(groups, fx.meta("momentum"), fx.meta("dampening"), fx.metaFlag("nesterov"));
    }

    /** The optimizer alone: PyTorch's own gradients are fed in at every step. */
    private static void replayTorchGradients(String fixture) {
        TorchFixture fx = TorchFixture.load(fixture);
        Parameter w = new Parameter("W", fx.tensor("W0").copy()), b = new Parameter("b", fx.tensor("b0").copy());
        Optimizer opt = build(fixture, fx, w, b);
        int steps = (int) fx.meta("steps");
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            w.setGrad(fx.tensor("gradW." + s));
            b.setGrad(fx.tensor("gradb." + s));
            opt.step();
            assertClose(w.value(), fx.tensor("W." + s), fixture + " W after step " + (s + 1));
            assertClose(b.value(), fx.tensor("b." + s), fixture + " b after step " + (s + 1));
        }
        Map<String, Tensor> state = opt.stateDict();
        for (String buffer : fixture.startsWith("adamw") ? new String[]{"exp_avg", "exp_avg_sq"} : new String[]{"momentum_buffer"}) {
            assertClose(state.get("W." + buffer), fx.tensor("state.W." + buffer), fixture + " state W." + buffer);
            assertClose(state.get("b." + buffer), fx.tensor("state.b." + buffer), fixture + " state b." + buffer);
        }
        if (fixture.startsWith("adamw")) assertEquals(steps, state.get("W.step").toLongArray()[0]);
    }

    /** The whole loop: our autograd computes the gradients too. */
    private static void trainEndToEnd(String fixture) {
        TorchFixture fx = TorchFixture.load(fixture);
        Parameter w = new Parameter("W", fx.tensor("W0").copy()), b = new Parameter("b", fx.tensor("b0").copy());
        Optimizer opt = build(fixture, fx, w, b);
        Var x = new Var(fx.tensor("X")), y = new Var(fx.tensor("Y"));
        for (int s = 0; s < (int) fx.meta("steps"); s++) {
            opt.zeroGrad();
            Var loss = Losses.mse(F.linear(x, w, b), y);
            assertClose(loss.value().reshape(1), fx.tensor("loss." + s), fixture + " loss at step " + s);
            loss.backward();
            opt.step();
            assertClose(w.value(), fx.tensor("W." + s), fixture + " W after step " + (s + 1));
            assertClose(b.value(), fx.tensor("b." + s), fixture + " b after step " + (s + 1));
        }
    }

    private static void assertClose(Tensor actual, Tensor expected, String what) {
        String msg = actual.compare(expected, RTOL, ATOL);
        if (msg != null) throw new AssertionError(what + ": " + msg);
    }

    @Test void adamwReplay() { replayTorchGradients("adamw"); }
    @Test void adamwAmsgradReplay() { replayTorchGradients("adamw_amsgrad"); }
    @Test void sgdNesterovReplay() { replayTorchGradients("sgd_nesterov"); }
    @Test void sgdMomentumDampeningReplay() { replayTorchGradients("sgd_momentum"); }

    @Test void adamwEndToEnd() { trainEndToEnd("adamw"); }
    @Test void sgdNesterovEndToEnd() { trainEndToEnd("sgd_nesterov"); }
}
