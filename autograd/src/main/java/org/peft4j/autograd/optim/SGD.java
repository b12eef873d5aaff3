package org.peft4j.autograd.optim;

import org.peft4j.autograd.Parameter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD} computes it:
 * <pre>
 *   g  = g + wd*p                              (L2 weight decay, coupled)
 *   b  = g on the first step, else b*momentum + (1-dampening)*g
 *   g  = nesterov ? g + momentum*b : b         (when momentum != 0)
 *   p += -lr * g
 * </pre>
 */
public final class SGD extends Optimizer {
    private final double momentum, dampening;
    private final boolean nesterov;

    public SGD(List<Parameter> params, double lr) { this(List.of(new ParamGroup(params, lr, 0)), 0, 0, false); }

    public SGD(List<ParamGroup> groups, double momentum, double dampening, boolean nesterov) {
        super(groups);
        if (!(momentum >= 0)) throw new IllegalArgumentException("SGD momentum must be >= 0, got " + momentum);
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new IllegalArgumentException("SGD nesterov needs momentum > 0 and dampening 0, got momentum " + momentum + ", dampening " + dampening);
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
    }

    /** weight decay 2, momentum 3, step 2 (the most the loop below does per element). */
    @Override
    protected int flopsPerElement() { return 7; }

    @Override
    protected Set<String> stateNames() { return Set.of("momentum_buffer"); }

    @Override
    protected void update(float[] p, int pOff, float[] g, int gOff, int n, boolean[] keep,
                          Map<String, float[]> state, long step, ParamGroup group) {
        float wd = (float) group.weightDecay();
        float negLr = (float) -group.lr();
        float mom = (float) momentum, oneMinusDamp = (float) (1 - dampening);
        boolean first = !state.containsKey("momentum_buffer");
        float[] buf = momentum != 0 ? buffer(state, "momentum_buffer", n) : null;
        for (int i = 0; i < n; i++) {
            if (keep != null && !keep[i]) continue;
            float d = g[gOff + i];
            if (wd != 0) d = d + wd * p[pOff + i];
            if (buf != null) {
                buf[i] = first ? d : buf[i] * mom + oneMinusDamp * d;
                d = nesterov ? d + mom * buf[i] : buf[i];
            }
            p[pOff + i] += negLr * d;
        }
    }
}
