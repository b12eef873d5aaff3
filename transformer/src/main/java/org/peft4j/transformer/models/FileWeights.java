package org.peft4j.transformer.models;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.ModelWeights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Tensors of a mapped model folder, checked against the shapes the config implies. Names are Hugging Face's; a
 * checkpoint saved from the bare model ("encoder.…") also serves a model with a head ("bert.encoder.…") and vice
 * versa, as transformers' base_model_prefix rule allows.
 */
public final class FileWeights implements WeightSource {
    private final ModelWeights weights;
    private final String configSource;
    private final String basePrefix;
    private final Set<String> used = new LinkedHashSet<>();
    private final List<String> initialized = new ArrayList<>();
    private final Random rng = new Random(0);

    /**
     * @param configSource the config.json path, named in shape errors
     * @param basePrefix   the body's prefix in head models ("bert", "roberta", "transformer", "model"), or ""
     */
    public FileWeights(ModelWeights weights, String configSource, String basePrefix) {
        this.weights = weights;
        this.configSource = configSource;
        this.basePrefix = basePrefix;
    }

    private String resolve(String name) {
        if (weights.contains(name)) return name;
        if (!basePrefix.isEmpty()) {
            String p = basePrefix + ".";
            if (name.startsWith(p) && weights.contains(name.substring(p.length()))) return name.substring(p.length());
            if (!name.startsWith(p) && weights.contains(p + name)) return p + name;
        }
        return null;
    }

    @Override
    public Tensor get(String name, int... shape) {
        String stored = resolve(name);
        if (stored == null)
            throw new ModelLoadException(weights.source() + ": missing tensor '" + name + "' (expected shape " + Shapes.str(shape)
                    + " from " + configSource + "; the file holds " + weights.size() + " tensors"
                    + (weights.size() > 0 ? ", e.g. '" + weights.names().get(0) + "'" : "") + ")");
        return checked(name, stored, shape);
    }

    @Override
    public Tensor getOrInit(String name, float std, int... shape) {
        String stored = resolve(name);
        if (stored != null) return checked(name, stored, shape);
        initialized.add(name);
        return name.endsWith(".bias") ? Tensor.zeros(shape) : Tensor.randn(rng, std, shape);
    }

    private Tensor checked(String name, String stored, int[] shape) {
        Tensor t = weights.tensor(stored);
        if (!Arrays.equals(t.shape(), shape))
            throw new ModelLoadException(weights.source() + ": tensor '" + stored + "' has shape " + Shapes.str(t.shape())
                    + ", but " + configSource + " implies " + Shapes.str(shape) + " for '" + name + "'");
        if (!t.dtype().isFloating())
            throw new ModelLoadException(weights.source() + ": tensor '" + stored + "' is " + t.dtype() + ", expected a floating-point weight (F32, F16 or BF16)");
        used.add(stored);
        return t;
    }

    @Override public boolean has(String name) { return resolve(name) != null; }

    @Override public List<String> newlyInitialized() { return List.copyOf(initialized); }

    @Override public boolean trainable() { return false; }

    /** Stored tensors no builder asked for (buffers such as position_ids, or weights of another head). */
    public List<String> unused() {
        List<String> out = new ArrayList<>();
        for (String n : weights.names()) if (!used.contains(n)) out.add(n);
        return out;
    }
}
