package org.peft4j.autograd;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The define-by-run tape. Every differentiable op computes its output eagerly and, while grad mode is on and some
 * input requires grad, calls {@link #record} with its backward function; the records link outputs to inputs, so
 * the "tape" is the graph reachable from whatever Var you call backward on. {@link #backward} walks that graph in
 * reverse topological order, handing each op the gradient of its output and routing what it returns to its
 * inputs: summed at Vars used more than once, accumulated into {@link Var#grad()} at leaves.
 */
public final class Tape {
    private Tape() {}

    /**
     * Records one op. Returns a non-leaf Var if grad mode is on and an input requires grad, otherwise a constant
     * (so inference under {@link GradMode#noGrad()} keeps nothing alive). Custom differentiable ops in other
     * modules (a fused attention, say) are written exactly like the ones in {@link F}: compute, then record.
     *
     * @param op       name used in error messages and anomaly reports
     * @param output   the forward result
     * @param backward maps the output's gradient to the inputs' gradients (null entries for inputs not needing one)
     * @param inputs   the Vars the output was computed from
     */
    public static Var record(String op, Tensor output, Backward backward, Var... inputs) {
        if (!GradMode.isEnabled() || !anyRequiresGrad(inputs)) return new Var(output);
        Throwable where = GradMode.isAnomalyDetectionEnabled() ? new Throwable("op '" + op + "' was recorded here") : null;
        String tracePath = Trace.enabled() ? Trace.currentModulePath() : null;
        return new Var(output, new Node(op, inputs.clone(), backward, where, tracePath));
    }

    /** Whether any of these Vars requires grad (i.e. whether an op on them must be recorded). */
    public static boolean anyRequiresGrad(Var... vars) {
        if (!GradMode.isEnabled()) return false;
        for (Var v : vars) if (v != null && v.requiresGrad()) return true;
        return false;
    }

    /** The engine behind {@link Var#backward}. */
    static void backward(Var root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad())
            throw new IllegalStateException("backward on a Var that does not require grad (" + root
                    + "): none of its inputs required grad, or it was computed under GradMode.noGrad(), or it was detached");
        if (seed == null) {
            if (root.numel() != 1)
                throw new IllegalArgumentException("backward() without a seed needs a one-element Var (a loss), found shape "
                        + Shapes.str(root.shape()) + " from op '" + root.op() + "'; pass backward(seed) with a gradient of that shape");
            seed = Tensor.full(1f, root.shape());
        } else if (!Arrays.equals(seed.shape(), root.shape())) {
            throw new IllegalArgumentException("backward seed has shape " + Shapes.str(seed.shape()) + ", the Var (op '"
                    + root.op() + "') has shape " + Shapes.str(root.shape()));
        }
        boolean anomaly = GradMode.isAnomalyDetectionEnabled();
        if (anomaly) checkFinite("the backward seed", seed, null, root.op());

        // Recording is off while gradients are computed: backward functions run plain tensor code.
        try (var g = GradMode.noGrad(); var phase = Trace.phase("backward")) {
            List<Var> order = topologicalOrder(root);
            Map<Var, Tensor> pending = new IdentityHashMap<>();
            pending.put(root, seed);
            for (Var v : order) {
                Tensor gOut = pending.remove(v);
                if (gOut == null) continue; // no path from root carried a gradient here
                if (v.isLeaf()) { v.accumulateGrad(gOut); continue; }
                if (v.retainsGrad()) v.accumulateGrad(gOut);
                Node node = v.node();
                Var[] inputs = node.inputs();
                Tensor[] gIn;
                // While tracing, the backward's ops are reported under the forward op's module path.
                try (var scope = Trace.module(node.tracePath, node.op)) {
                    gIn = node.backward().apply(gOut);
                }
                checkGradients(node, inputs, gIn, anomaly);
                for (int i = 0; i < inputs.length; i++) {
                    Var in = inputs[i];
                    if (in == null || !in.requiresGrad() || gIn[i] == null) continue;
                    pending.merge(in, gIn[i], GradBuffer::sum);
                }
                if (!retainGraph) node.release();
            }
        }
    }

    /** Non-leaf and leaf Vars reachable from root through grad-requiring edges, outputs before inputs. */
    private static List<Var> topologicalOrder(Var root) {
        List<Var> postOrder = new ArrayList<>();
        Set<Var> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        // Iterative DFS (graphs of deep models are far deeper than the Java stack likes).
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        visited.add(root);
        stack.push(new Object[]{root, 0});
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Var v = (Var) frame[0];
            int next = (Integer) frame[1];
            Var[] inputs = v.isLeaf() ? new Var[0] : v.node().inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Var in = inputs[next];
                if (in != null && in.requiresGrad() && visited.add(in)) stack.push(new Object[]{in, 0});
            } else {
                stack.pop();
                postOrder.add(v);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }

    private static void checkGradients(Node node, Var[] inputs, Tensor[] gIn, boolean anomaly) {
        if (gIn == null || gIn.length != inputs.length)
            throw new IllegalStateException("backward of op '" + node.op + "' returned " + (gIn == null ? "null" : gIn.length + " gradients")
                    + " for " + inputs.length + " inputs");
        for (int i = 0; i < inputs.length; i++) {
            if (gIn[i] == null || inputs[i] == null || !inputs[i].requiresGrad()) continue;
            if (!Arrays.equals(gIn[i].shape(), inputs[i].shape()))
                throw new IllegalStateException("backward of op '" + node.op + "' returned a gradient of shape " + Shapes.str(gIn[i].shape())
                        + " for input " + i + " of shape " + Shapes.str(inputs[i].shape()));
            if (anomaly) checkFinite("the gradient for input " + i + " (" + inputs[i].op() + ")", gIn[i], node.createdAt, node.op);
        }
    }

    private static void checkFinite(String what, Tensor t, Throwable createdAt, String op) {
        int bad = GradBuffer.firstNonFinite(t);
        if (bad >= 0) {
            float v = t.storage().getFloat(t.elementIndex(bad));
            throw new AnomalyException(op, "anomaly: backward of op '" + op + "' produced " + v + " in " + what
                    + " at flat index " + bad + " of shape " + Shapes.str(t.shape())
                    + (createdAt != null ? " (the cause shows where the op was recorded)" : ""), createdAt);
        }
    }
}
