package org.peft4j.peft;

import org.peft4j.autograd.Parameter;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.RandomWeights;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.safetensors.SafetensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;

/** The golden tiny models (mapped, frozen) and random-weight twins of their shapes, with a labelled batch. */
public final class TinyModels {
    private TinyModels() {}

    /** bert-seqcls, roberta-seqcls, gpt2 or llama-gqa as Hugging Face saved it (read-only mapped weights). */
    public static TransformerModel golden(String name) { return Models.load(Golden.dir(name).resolve("model")); }

    /** The same architecture with random weights of a dtype (F32 weights are writable heap tensors). */
    public static TransformerModel random(String name, DType dtype, long seed) {
        try {
            return Models.random(ModelConfig.load(Golden.dir(name).resolve("model")), new RandomWeights(seed, 0.05f, dtype, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** input0 of the golden case with the labels of its grad file (class ids, or the ids themselves for decoders). */
    public static ModelInput batch(String name) {
        try (SafetensorsFile g = Golden.open(name, "grad.safetensors")) {
            ModelInput in = ModelInput.of(g.tensor("input_ids").copy(), g.tensor("attention_mask").copy()).withLabels(g.tensor("labels").copy());
            if (g.contains("token_type_ids")) in = in.withTokenTypeIds(g.tensor("token_type_ids").copy());
            return in;
        }
    }

    /** Copies of every parameter's values (to prove later that a base weight is bit-identical). */
    public static Map<Parameter, float[]> snapshot(TransformerModel m) {
        Map<Parameter, float[]> out = new IdentityHashMap<>();
        for (Parameter p : m.parameters()) out.put(p, p.value().toFloatArray());
        return out;
    }

    public static float[] values(Tensor t) { return t.toFloatArray(); }
}
