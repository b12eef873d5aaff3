package org.peft4j.peft.federa;

import org.peft4j.autograd.Parameter;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.io.AdapterConfigJson;
import org.peft4j.peft.io.AdapterFiles;
import org.peft4j.peft.lora.Lora;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.peft.lora.LoraLinear;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.Tensors;
import org.peft4j.weights.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a FeDeRA-initialised (PiSSA) LoRA so Python PEFT users can load it, in the two forms PEFT itself uses
 * (see peft/README.md):
 * <ul>
 *   <li>{@code residual_model/} — the base model folder with each adapted weight replaced by W_res (config and
 *       tokenizer files copied from the base folder) — and {@code adapter/}, the trained A, B with
 *       {@code init_lora_weights: true} and {@code base_model_name_or_path} pointing at the residual model, so
 *       {@code PeftModel.from_pretrained(residual, adapter)} rebuilds this model without an SVD;</li>
 *   <li>{@code adapter_as_lora/} (when the initial A₀, B₀ are known) — PEFT's PiSSA-to-LoRA conversion: a rank-2r
 *       LoRA over the ORIGINAL base with A' = [A; A₀], B' = [B, −B₀] and lora_alpha doubled (×√2 with rsLoRA), so
 *       s'·B'·A' = s·(B·A − B₀·A₀) and W + s'·B'·A' = W_res + s·B·A.</li>
 * </ul>
 */
public final class FederaExport {
    /** Files copied from the base folder into the residual model folder when present. */
    static final List<String> COPIED = List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt", "tokenizer.model");

    private FederaExport() {}

    public static void save(PeftModel model, Path baseModelDir, Path outDir) throws IOException {
        if (!(model.config() instanceof LoraConfig cfg))
            throw new IllegalArgumentException("FeDeRA export needs a LoRA model, found " + model.config().peftType());
        Path residualDir = outDir.resolve("residual_model");
        writeResidualModel(model, baseModelDir, residualDir);

        Map<String, Object> json = AdapterConfigJson.toJson(model);
        json.put("init_lora_weights", Boolean.TRUE);           // loading must not run the SVD again on the residual
        json.put("base_model_name_or_path", residualDir.toString());
        AdapterFiles.save(outDir.resolve("adapter"), json, model.adapterTensors());

        if (model.initialAdapter() != null) {
            Map<String, Object> lora = AdapterConfigJson.toJson(model);
            lora.put("init_lora_weights", Boolean.TRUE);
            lora.put("r", 2 * cfg.r());
            double alpha = cfg.useRslora() ? cfg.loraAlpha() * Math.sqrt(2) : 2 * cfg.loraAlpha();
            lora.put("lora_alpha", alpha == Math.rint(alpha) ? (Object) (long) alpha : (Object) alpha);
            lora.put("base_model_name_or_path", baseModelDir.toString());
            AdapterFiles.save(outDir.resolve("adapter_as_lora"), lora, asLora(model));
        }
    }

    /** The rank-2r tensors of the PiSSA-to-LoRA conversion (other adapter tensors unchanged). */
    static Map<String, Tensor> asLora(PeftModel model) {
        Map<String, Tensor> current = model.adapterTensors(), initial = model.initialAdapter();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : current.entrySet()) {
            String k = e.getKey();
            Tensor t0 = initial.get(k);
            if (k.endsWith(".lora_A.weight")) out.put(k, Tensors.concat(0, e.getValue(), t0));
            else if (k.endsWith(".lora_B.weight")) out.put(k, Tensors.concat(1, e.getValue(), negate(t0)));
            else out.put(k, e.getValue());
        }
        return out;
    }

    private static Tensor negate(Tensor t) {
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] = -v[i];
        return Tensor.of(v, t.shape());
    }

    /** Every base parameter under its Hugging Face name: residuals where FeDeRA replaced a weight, original values of trained copies. */
    static void writeResidualModel(PeftModel model, Path baseModelDir, Path dir) throws IOException {
        Set<Parameter> adapterOwn = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (LoraLinear l : Lora.layers(model).values()) { adapterOwn.add(l.loraA()); adapterOwn.add(l.loraB()); }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : model.model().parameters()) {
            if (adapterOwn.contains(p)) continue;
            tensors.put(p.name(), p.requiresGrad() ? model.originalValue(p) : p.value());
        }
        Files.createDirectories(dir);
        for (String f : COPIED) {
            Path src = baseModelDir.resolve(f);
            if (Files.isRegularFile(src)) Files.copy(src, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isRegularFile(dir.resolve("config.json")))
            throw new IOException(baseModelDir + ": no config.json to copy into the residual model folder");
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
    }
}
