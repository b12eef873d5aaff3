package org.peft4j.cli.finetune;

import org.peft4j.peft.PeftModel;
import org.peft4j.peft.federa.Federa;
import org.peft4j.peft.io.AdapterFiles;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A FeDeRA-initialised adapter only makes sense on the residual base W − s·B₀·A₀, not on the pretrained W the base
 * folder holds. finetune therefore keeps the starting adapter (A₀, B₀) beside the trained one, and eval rebuilds
 * the residual from it (no SVD needed, so the result is exact) before putting the trained tensors back.
 */
public final class FederaStart {
    private FederaStart() {}

    public static final String FILE = "federa_initial_adapter.safetensors";

    /** Writes the starting adapter when the model was FeDeRA-initialised; returns whether it did. */
    public static boolean saveIfFedera(PeftModel peft, Path out) throws IOException {
        Map<String, Tensor> initial = peft.initialAdapter();
        if (initial == null || initial.isEmpty()) return false;
        Files.createDirectories(out);
        SafetensorsWriter.write(out.resolve(FILE), initial, Map.of("format", "pt"));
        return true;
    }

    /** After Peft.load of an adapter folder holding the starting adapter: residual base from it, trained tensors back. */
    public static boolean restoreIfPresent(PeftModel peft, Path adapterDir) throws IOException {
        Path file = adapterDir.resolve(FILE);
        if (!Files.isRegularFile(file)) return false;
        Map<String, Tensor> initial = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String n : f.names()) initial.put(n, f.tensor(n).copy());
        }
        Federa.residualFrom(peft, initial);
        peft.loadAdapterTensors(AdapterFiles.readTensors(adapterDir), true);
        return true;
    }
}
