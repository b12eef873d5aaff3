package org.peft4j.transformer.models;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access to fixtures/golden and the comparison rule of its README. */
public final class Golden {
    private Golden() {}

    public static Path fixtures() {
        String p = System.getProperty("peft4j.fixtures");
        if (p == null) throw new IllegalStateException("system property peft4j.fixtures is not set (the parent pom sets it)");
        return Path.of(p);
    }

    public static Path caseDir(String name) { return fixtures().resolve("golden").resolve(name); }

    public static SafetensorsFile open(String caseName, String file) {
        try {
            return SafetensorsFile.open(caseDir(caseName).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The README's rule: max |actual − golden| ≤ 1e-4 · max(1, max |golden|); returns the observed error. */
    public static double assertClose(String what, Tensor actual, Tensor golden) {
        assertArrayEquals(golden.shape(), actual.shape(), what + ": shape " + Shapes.str(actual.shape()) + " vs golden " + Shapes.str(golden.shape()));
        float[] a = actual.toFloatArray(), g = golden.toFloatArray();
        double maxAbs = 0, maxDiff = 0;
        for (int i = 0; i < g.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(g[i]));
            double d = Math.abs(a[i] - g[i]);
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            maxDiff = Math.max(maxDiff, d);
        }
        double bound = 1e-4 * Math.max(1, maxAbs);
        assertTrue(maxDiff <= bound, what + ": max |java - golden| = " + maxDiff + " exceeds " + bound);
        return maxDiff;
    }

    public static boolean sharedExists(String relative) {
        String p = System.getProperty("peft4j.shared");
        return p != null && Files.exists(Path.of(p).resolve(relative));
    }

    public static Path shared(String relative) { return Path.of(System.getProperty("peft4j.shared")).resolve(relative); }
}
