package org.peft4j.peft.lora;

import org.peft4j.autograd.Parameter;

import java.util.SplittableRandom;

/**
 * PEFT's LoRA initialisations (LoraLayer.reset_lora_parameters) for one layer. Each layer draws from its own
 * generator seeded by the config seed and its path, so the result does not depend on the order layers are visited.
 * PiSSA/FeDeRA needs the base weight and lives in {@link org.peft4j.peft.federa.Federa}.
 */
public final class LoraInitializer {
    private LoraInitializer() {}

    /** Initialises A and B of one layer by a non-SVD scheme. */
    public static void init(LoraLinear layer, LoraInit init, long seed) {
        SplittableRandom rng = rngFor(seed, layer.path());
        switch (init.kind()) {
            case DEFAULT -> {                        // kaiming_uniform_(A, a=√5) = U(±1/√in); B = 0
                uniform(layer.loraA(), 1 / Math.sqrt(layer.inFeatures()), rng);
                fill(layer.loraB(), 0f);
            }
            case GAUSSIAN -> {                       // normal_(A, std=1/r); B = 0
                gaussian(layer.loraA(), 1.0 / layer.rank(), rng);
                fill(layer.loraB(), 0f);
            }
            case RANDOM -> {                         // nn.Linear's own init for both: U(±1/√fan_in)
                uniform(layer.loraA(), 1 / Math.sqrt(layer.inFeatures()), rng);
                uniform(layer.loraB(), 1 / Math.sqrt(layer.rank()), rng);
            }
            case PISSA -> throw new IllegalArgumentException("PiSSA/FeDeRA initialisation needs the base weight: use Federa.initialize");
        }
    }

    /** The generator of one layer: seed and path mixed as Dropout.reseed mixes them. */
    public static SplittableRandom rngFor(long seed, String path) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ path.hashCode());
    }

    private static void uniform(Parameter p, double bound, SplittableRandom rng) {
        float[] a = p.value().floatArray();
        for (int i = 0; i < a.length; i++) a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
    }

    private static void gaussian(Parameter p, double std, SplittableRandom rng) {
        float[] a = p.value().floatArray();
        for (int i = 0; i < a.length; i++) a[i] = (float) (rng.nextGaussian() * std);
    }

    private static void fill(Parameter p, float v) { java.util.Arrays.fill(p.value().floatArray(), v); }

}
