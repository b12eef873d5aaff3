package org.peft4j.transformer.models;

import org.peft4j.tensor.DType;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random weights in a given dtype for a model built from a config alone (benchmarks, tests): norm weights 1,
 * biases 0, everything else uniform with standard deviation std (uniform rather than normal because drawing a
 * billion gaussians takes seconds; benchmarks do not depend on the values). Each tensor's generator is seeded from
 * the seed and the tensor's name, so values do not depend on the order of construction. F32 weights are heap
 * tensors; F16/BF16 weights are read-only segments, as a half-precision file would give.
 */
public final class RandomWeights implements WeightSource {
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final long seed;
    private final float std;
    private final DType dtype;
    private final boolean trainable;

    /**
     * @param dtype     F32, F16 or BF16
     * @param trainable whether parameters start trainable (requires F32)
     */
    public RandomWeights(long seed, float std, DType dtype, boolean trainable) {
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16)
            throw new IllegalArgumentException("random weights: dtype must be F32, F16 or BF16, found " + dtype);
        if (trainable && dtype != DType.F32)
            throw new IllegalArgumentException("random weights: trainable parameters must be F32, found " + dtype);
        this.seed = seed;
        this.std = std;
        this.dtype = dtype;
        this.trainable = trainable;
    }

    /** Whether a name is a normalisation weight (initialised to 1). */
    static boolean isNormWeight(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".weight") && (n.contains("layernorm") || n.contains("ln_") || n.endsWith("norm.weight") || n.contains(".ln"));
    }

    @Override
    public Tensor get(String name, int... shape) {
        int n = Shapes.numel(shape);
        boolean bias = name.endsWith(".bias"), norm = isNormWeight(name);
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        float halfWidth = (float) (std * Math.sqrt(3)); // uniform on [-a, a] has standard deviation a/√3
        if (dtype == DType.F32) {
            float[] d = new float[n];
            if (norm) java.util.Arrays.fill(d, 1f);
            else if (!bias) for (int i = 0; i < n; i++) d[i] = (float) (rng.nextDouble() * 2 - 1) * halfWidth;
            return Tensor.of(d, shape);
        }
        MemorySegment seg = Arena.ofAuto().allocate(2L * n, 2);
        short one = half(1f);
        for (int i = 0; i < n; i++)
            seg.setAtIndex(HALF, i, norm ? one : bias ? 0 : half((float) (rng.nextDouble() * 2 - 1) * halfWidth));
        return Tensor.ofSegment(seg, dtype, shape);
    }

    private short half(float v) {
        if (dtype == DType.F16) return Float.floatToFloat16(v);
        int bits = Float.floatToRawIntBits(v);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16); // round to nearest even
    }

    @Override public Tensor getOrInit(String name, float std, int... shape) { return get(name, shape); }

    @Override public boolean has(String name) { return true; }

    @Override public List<String> newlyInitialized() { return new ArrayList<>(); }

    @Override public boolean trainable() { return trainable; }
}
