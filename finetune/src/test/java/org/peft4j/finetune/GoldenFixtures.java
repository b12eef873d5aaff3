package org.peft4j.finetune;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Locates files under the project's {@code fixtures/golden} (system property peft4j.fixtures); skips the test when absent. */
public final class GoldenFixtures {
    private GoldenFixtures() {}

    /** fixtures/golden/parts..., which must exist (a file or a folder). */
    public static Path golden(String... parts) {
        String fixtures = System.getProperty("peft4j.fixtures");
        assumeTrue(fixtures != null, "peft4j.fixtures not set");
        Path p = Path.of(fixtures, "golden").resolve(Path.of("", parts));
        assumeTrue(Files.exists(p), "missing golden fixture " + p);
        return p;
    }
}
