package org.peft4j.weights;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the project's fixtures (always present) and the workplace's shared data (may be absent: tests skip). */
public final class TestData {
    private TestData() {}

    public static Path fixtures() {
        String p = System.getProperty("peft4j.fixtures");
        Path dir = p != null ? Path.of(p) : Path.of("../fixtures");
        if (!Files.isDirectory(dir.resolve("golden")))
            throw new IllegalStateException("fixtures not found at " + dir.toAbsolutePath() + " (set -Dpeft4j.fixtures)");
        return dir;
    }

    public static Path golden() { return fixtures().resolve("golden"); }

    /** The shared data folder; skips the calling test (with a message) when it is absent. */
    public static Path sharedOrSkip(String what) {
        String p = System.getProperty("peft4j.shared");
        Path dir = p == null ? null : Path.of(p);
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir.resolve(what)),
                "skipped: shared data " + what + " not found (peft4j.shared=" + p + ")");
        return dir.resolve(what);
    }
}
