package org.peft4j.peft;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.weights.safetensors.SafetensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fixtures/golden access and the README's comparison rule, for the PEFT tests. */
public final class Golden {
    private Golden() {}

    public static Path dir(String caseName) {
        String p = System.getProperty("peft4j.fixtures");
        if (p == null) throw new IllegalStateException("system property peft4j.fixtures is not set (the parent pom sets it)");
        return Path.of(p).resolve("golden").resolve(caseName);
    }

    public static SafetensorsFile open(String caseName, String file) {
        try {
            return SafetensorsFile.open(dir(caseName).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** max |actual − golden| ≤ 1e-4 · max(1, max |golden|); returns the error. */
    public static double assertClose(String what, Tensor actual, Tensor golden) {
        return assertClose(what, actual, golden, 1e-4);
    }

    public static double assertClose(String what, Tensor actual, Tensor golden, double rel) {
        assertArrayEquals(golden.shape(), actual.shape(), what + ": shape " + Shapes.str(actual.shape()) + " vs golden " + Shapes.str(golden.shape()));
        float[] a = actual.toFloatArray(), g = golden.toFloatArray();
        double maxAbs = 0, maxDiff = 0;
        for (int i = 0; i < g.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(g[i]));
            double d = Math.abs(a[i] - g[i]);
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            maxDiff = Math.max(maxDiff, d);
        }
        double bound = rel * Math.max(1, maxAbs);
        assertTrue(maxDiff <= bound, what + ": max |java - golden| = " + maxDiff + " exceeds " + bound);
        return maxDiff;
    }

    /** forward.safetensors' input i (ids, mask, token types when present). */
    public static ModelInput input(SafetensorsFile f, String prefix) {
        ModelInput in = ModelInput.of(f.tensor(prefix + "input_ids"), f.tensor(prefix + "attention_mask"));
        if (f.contains(prefix + "token_type_ids")) in = in.withTokenTypeIds(f.tensor(prefix + "token_type_ids"));
        return in;
    }
}
