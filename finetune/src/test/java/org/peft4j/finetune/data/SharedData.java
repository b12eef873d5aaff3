package org.peft4j.finetune.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared datasets folder; tests that need it are skipped with a message when absent. */
public final class SharedData {
    private SharedData() {}

    public static Path datasets() {
        String shared = System.getProperty("peft4j.shared", "../shared");
        Path p = Path.of(shared, "datasets");
        assumeTrue(Files.isDirectory(p), "shared datasets folder not found at " + p.toAbsolutePath() + "; skipping");
        return p;
    }
}
