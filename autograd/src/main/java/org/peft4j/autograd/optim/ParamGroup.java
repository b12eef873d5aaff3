package org.peft4j.autograd.optim;

import org.peft4j.autograd.Parameter;

import java.util.List;

/**
 * Parameters that share a learning rate and weight decay (e.g. no decay on biases and LayerNorm weights).
 * The learning rate is mutable because LR schedules set it each step; {@link #baseLr()} remembers the initial one.
 */
public final class ParamGroup {
    private final List<Parameter> params;
    private final double baseLr;
    private double lr;
    private double weightDecay;

    public ParamGroup(List<Parameter> params, double lr, double weightDecay) {
        if (params == null || params.isEmpty()) throw new IllegalArgumentException("parameter group is empty");
        if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
        this.params = List.copyOf(params);
        this.baseLr = lr;
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    public List<Parameter> params() { return params; }
    public double lr() { return lr; }
    public double baseLr() { return baseLr; }
    public double weightDecay() { return weightDecay; }

    public void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        this.lr = lr;
    }

    public void setWeightDecay(double weightDecay) {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
        this.weightDecay = weightDecay;
    }
}
