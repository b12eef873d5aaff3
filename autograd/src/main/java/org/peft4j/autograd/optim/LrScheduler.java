package org.peft4j.autograd.optim;

/**
 * Applies an {@link LrSchedule} to every group of an optimizer: lr = baseLr * multiplier(step). Like PyTorch's
 * LambdaLR it sets step 0's rate at construction; call {@link #step()} after each {@code optimizer.step()}.
 */
public final class LrScheduler {
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private long step;

    public LrScheduler(Optimizer optimizer, LrSchedule schedule) { this(optimizer, schedule, 0); }

    /** Resumes at a given step (e.g. from a checkpoint). */
    public LrScheduler(Optimizer optimizer, LrSchedule schedule, long startStep) {
        if (startStep < 0) throw new IllegalArgumentException("scheduler start step must be >= 0, got " + startStep);
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.step = startStep;
        apply();
    }

    public void step() {
        step++;
        apply();
    }

    public long currentStep() { return step; }

    /** The learning rate of group 0 (the usual one to log). */
    public double lastLr() { return optimizer.groups().getFirst().lr(); }

    private void apply() {
        double m = schedule.multiplier(step);
        for (ParamGroup g : optimizer.groups()) g.setLr(g.baseLr() * m);
    }
}
