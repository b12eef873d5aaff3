package org.peft4j.peft.io;

import org.peft4j.peft.AdapterFormatException;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.peft.lora.LoraInit;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapter folders in Hugging Face PEFT's layout: {@code adapter_config.json} and {@code adapter_model.safetensors}
 * (metadata {"format": "pt"}, keys {@code base_model.model.<module>.lora_A.weight} ...), each file written
 * atomically.
 */
public final class AdapterFiles {
    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";

    private AdapterFiles() {}

    /** Writes the adapter of {@code model} into {@code dir} (created if needed). */
    public static void save(PeftModel model, Path dir) throws IOException {
        save(dir, AdapterConfigJson.toJson(model), model.adapterTensors());
    }

    /** Writes a config object and tensors (PEFT keys) as an adapter folder. */
    public static void save(Path dir, Map<String, Object> config, Map<String, Tensor> tensors) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
        JsonFiles.write(dir.resolve(CONFIG), config);
    }

    /** The config of an adapter folder and its base_model_name_or_path. */
    public record AdapterConfig(PeftConfig config, String baseModelNameOrPath, Map<String, Object> json) {}

    public static AdapterConfig readConfig(Path dir) throws IOException {
        Path f = dir.resolve(CONFIG);
        if (!Files.isRegularFile(f)) throw new AdapterFormatException(dir + ": no " + CONFIG + " (not a PEFT adapter folder)");
        Map<String, Object> j = JsonFiles.read(f);
        return new AdapterConfig(AdapterConfigJson.fromJson(j, f.toString()),
                j.get("base_model_name_or_path") instanceof String s ? s : null, j);
    }

    /** The adapter tensors of a folder (copied to the heap, the file closed). */
    public static Map<String, Tensor> readTensors(Path dir) throws IOException {
        Path f = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(f)) {
            if (Files.exists(dir.resolve("adapter_model.bin")))
                throw new AdapterFormatException(dir + ": only adapter_model.bin (a pickle) is present; save the adapter with safe_serialization=True");
            throw new AdapterFormatException(dir + ": no " + WEIGHTS);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (SafetensorsFile sf = SafetensorsFile.open(f)) {
            for (var e : sf.tensors().entrySet()) out.put(e.getKey(), e.getValue().copy());
        }
        return out;
    }

    /**
     * Applies the adapter in {@code dir} to {@code model}: reads the config, checks the base architecture where
     * base_model_name_or_path points at a local model folder, applies the method without random initialisation and
     * loads the tensors (every adapter parameter must be present with its exact shape).
     */
    public static PeftModel load(TransformerModel model, Path dir) throws IOException {
        AdapterConfig ac = readConfig(dir);
        checkArchitecture(model, dir, ac.baseModelNameOrPath());
        PeftConfig cfg = ac.config();
        // the file holds the trained tensors: no SVD or random draw (a FeDeRA adapter's base must be its residual model)
        if (cfg instanceof LoraConfig l && l.init().kind() == LoraInit.Kind.PISSA) cfg = l.withInit(LoraInit.DEFAULT);
        Map<String, Tensor> tensors = readTensors(dir);
        PeftModel pm;
        try {
            pm = Peft.apply(model, cfg);
        } catch (IllegalArgumentException e) {
            throw new AdapterFormatException(dir + ": the adapter does not fit this " + model.architecture() + " (model_type "
                    + model.modelType() + "): " + e.getMessage(), e);
        }
        try {
            pm.loadAdapterTensors(tensors, true);
        } catch (AdapterFormatException e) {
            pm.unload();
            throw new AdapterFormatException(dir.resolve(WEIGHTS) + ": " + e.getMessage(), e);
        }
        pm.setBaseModelNameOrPath(ac.baseModelNameOrPath());
        return pm;
    }

    /** Where base_model_name_or_path names a local folder with a config.json, its model_type must be the model's. */
    static void checkArchitecture(TransformerModel model, Path adapterDir, String base) {
        if (base == null || base.isBlank()) return;
        List<Path> candidates = new ArrayList<>();
        Path p = Path.of(base);
        candidates.add(p);
        Path a = adapterDir.toAbsolutePath();
        for (Path up = a; up != null && candidates.size() < 5; up = up.getParent()) candidates.add(up.resolve(base));
        for (Path c : candidates) {
            Path dir = Files.isDirectory(c) ? c : null;
            if (dir == null || !Files.isRegularFile(dir.resolve("config.json"))) continue;
            String type;
            try {
                type = ModelConfig.load(dir).modelType();
            } catch (IOException | RuntimeException e) {
                return; // an unreadable base config is not this adapter's problem; the tensors are still checked
            }
            if (!type.equals(model.modelType()))
                throw new AdapterFormatException(adapterDir + ": the adapter was made for a " + type + " model (base_model_name_or_path '"
                        + base + "' → " + dir + "), this model is " + model.architecture() + " (model_type " + model.modelType() + ")");
            return;
        }
    }
}
