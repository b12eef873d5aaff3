package org.peft4j.peft.adapter;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.peft.MergeInto;
import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftLayer;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.nn.Activation;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Linear;
import org.peft4j.transformer.nn.LinearLayer;
import org.peft4j.transformer.nn.Module;

import java.util.SplittableRandom;

/**
 * A bottleneck adapter on a sublayer's output projection: {@code h = base(x); return h + up(act(down(h)))} (without
 * the {@code h +} when residual is off). Children: {@code base_layer}, {@code adapter_down} (Linear out→bottleneck,
 * nn.Linear's default init), {@code adapter_up} (bottleneck→out, zeros, so a fresh adapter leaves the output as the
 * base's). Not a linear change of the base weight, so it cannot be merged.
 */
public final class BottleneckAdapter extends Module implements PeftLayer {
    private final Child<LinearLayer> base;
    private final Linear down, up;
    private final Activation act;
    private final boolean residual;

    public BottleneckAdapter(LinearLayer base, int bottleneck, Activation act, boolean residual, SplittableRandom rng) {
        super(((Module) base).path());
        int h = base.outFeatures();
        this.act = act;
        this.residual = residual;
        this.base = adoptChild("base_layer", LinearLayer.class, (Module) base);
        double bound = 1 / Math.sqrt(h);                  // nn.Linear: kaiming_uniform(a=√5) and bias U(±1/√fan_in)
        this.down = addChild("adapter_down", new Linear(join(path(), "adapter_down"),
                uniform(rng, bound, bottleneck, h), uniform(rng, bound, bottleneck), true)).get();
        this.up = addChild("adapter_up", new Linear(join(path(), "adapter_up"), Tensor.zeros(h, bottleneck), Tensor.zeros(h), true)).get();
    }

    private static Tensor uniform(SplittableRandom rng, double bound, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] a = t.floatArray();
        for (int i = 0; i < a.length; i++) a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        return t;
    }

    @Override
    public Var forward(Var x) {
        Var h = base.get().forward(x);
        Var z = up.forward(act.apply(down.forward(h)));
        return residual ? F.add(h, z) : z;
    }

    public Linear down() { return down; }

    public Linear up() { return up; }

    public int bottleneck() { return down.outFeatures(); }

    @Override public LinearLayer baseLayer() { return base.get(); }
    @Override public boolean isMergeable() { return false; }
    @Override public boolean isMerged() { return false; }

    @Override
    public void merge(MergeInto into) {
        throw new PeftConfigException("bottleneck adapter '" + path() + "' is not a linear change of the base weight and cannot be merged");
    }

    @Override
    public void unmerge() { throw new IllegalStateException("bottleneck adapter '" + path() + "' is never merged"); }

    @Override public int inFeatures() { return base.get().inFeatures(); }
    @Override public int outFeatures() { return base.get().outFeatures(); }
    @Override public Parameter weight() { return base.get().weight(); }
    @Override public Parameter bias() { return base.get().bias(); }
    @Override public boolean weightIsInOut() { return base.get().weightIsInOut(); }
}
