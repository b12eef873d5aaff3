package org.peft4j.transformer.nn;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;

import java.util.SplittableRandom;

/**
 * Inverted dropout, active only in training mode. Each Dropout draws from its own generator seeded from the
 * model seed and its path (see {@link #reseed}), so a training run is reproducible whatever the module order.
 */
public final class Dropout extends Module implements Layer {
    private final float p;
    private SplittableRandom rng;

    public Dropout(String path, float p) {
        super(path);
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout '" + path + "': p must be in [0, 1), found " + p);
        this.p = p;
        this.rng = new SplittableRandom(path.hashCode());
    }

    @Override
    public Var forward(Var x) { return F.dropout(x, p, rng, isTraining()); }

    public float p() { return p; }

    /** Reseeds this dropout's generator from a run seed and its path. */
    public void reseed(long seed) { rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ path().hashCode()); }

    /** Reseeds every Dropout under root (call once before training for a reproducible run). */
    public static void reseedAll(Module root, long seed) {
        for (Module m : root.namedModules().values()) if (m instanceof Dropout d) d.reseed(seed);
    }
}
