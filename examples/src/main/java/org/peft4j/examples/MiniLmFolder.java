package org.peft4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.peft4j.weights.onnx.MiniLm;

/**
 * Where the examples find sentence-transformers/all-MiniLM-L6-v2 as a Hugging Face folder: the shared copy
 * ({@code -Dpeft4j.shared}, set by run.sh and by the tests) when it is there, else the one converted from the
 * Maven jar into ~/.cache/peft4j on first use.
 */
final class MiniLmFolder {
    private MiniLmFolder() {}

    static Path locate() {
        String shared = System.getProperty("peft4j.shared");
        if (shared != null) {
            Path dir = Path.of(shared, "models", "all-MiniLM-L6-v2");
            if (Files.isRegularFile(dir.resolve("model.safetensors"))) return dir;
        }
        try {
            return MiniLm.materialize();
        } catch (IOException e) {
            throw new UncheckedIOException("all-MiniLM-L6-v2: not in " + shared + "/models and cannot be materialized from its Maven jar", e);
        }
    }
}
