package org.peft4j.autograd.optim;

import org.peft4j.autograd.Parameter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AdamW (Loshchilov &amp; Hutter) exactly as {@code torch.optim.AdamW} computes it ({@code _single_tensor_adamw}),
 * operation by operation in fp32 with the scalars formed in double as Python forms them:
 * <pre>
 *   step += 1
 *   p    *= 1 - lr*wd                       (decoupled weight decay)
 *   m     = m*beta1 + (1-beta1)*g
 *   v     = v*beta2 + (1-beta2)*g*g
 *   bc1   = 1 - beta1^step ; bc2 = 1 - beta2^step
 *   denom = sqrt(v) / sqrt(bc2) + eps       (eps after the bias-corrected square root)
 *   p    += (-lr/bc1) * m / denom
 * </pre>
 * With amsgrad, vmax = max(vmax, v) replaces v in denom.
 */
public final class AdamW extends Optimizer {
    private final double beta1, beta2, eps;
    private final boolean amsgrad;

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW(List<Parameter> params, double lr) { this(List.of(new ParamGroup(params, lr, 0.01)), 0.9, 0.999, 1e-8, false); }

    public AdamW(List<ParamGroup> groups, double beta1, double beta2, double eps, boolean amsgrad) {
        super(groups);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("AdamW beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("AdamW beta2 must be in [0, 1), got " + beta2);
        if (!(eps >= 0)) throw new IllegalArgumentException("AdamW eps must be >= 0, got " + eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.amsgrad = amsgrad;
    }

    /** decay 1, m 3, v 4, sqrt and its scaling 2, + eps 1, step 3 (as the loop below writes them). */
    @Override
    protected int flopsPerElement() { return 14; }

    @Override
    protected Set<String> stateNames() { return amsgrad ? Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq") : Set.of("exp_avg", "exp_avg_sq"); }

    @Override
    protected void update(float[] p, int pOff, float[] g, int gOff, int n, boolean[] keep,
                          Map<String, float[]> state, long step, ParamGroup group) {
        float[] m = buffer(state, "exp_avg", n), v = buffer(state, "exp_avg_sq", n);
        float[] vmax = amsgrad ? buffer(state, "max_exp_avg_sq", n) : null;
        double lr = group.lr();
        float decay = (float) (1 - lr * group.weightDecay());
        float b1 = (float) beta1, oneMinusB1 = (float) (1 - beta1);
        float b2 = (float) beta2, oneMinusB2 = (float) (1 - beta2);
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        float negStepSize = (float) -(lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float epsF = (float) eps;
        for (int i = 0; i < n; i++) {
            if (keep != null && !keep[i]) continue;
            float gi = g[gOff + i];
            p[pOff + i] *= decay;
            m[i] = m[i] * b1 + oneMinusB1 * gi;
            v[i] = v[i] * b2 + oneMinusB2 * gi * gi;
            float second = v[i];
            if (amsgrad) second = vmax[i] = Math.max(vmax[i], v[i]);
            float denom = (float) Math.sqrt(second) / bc2Sqrt + epsF;
            p[pOff + i] += negStepSize * m[i] / denom;
        }
    }
}
