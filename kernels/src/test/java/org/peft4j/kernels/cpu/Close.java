package org.peft4j.kernels.cpu;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: seeded random arrays and an elementwise closeness check that names the worst element. */
final class Close {
    /** The odd sizes every SIMD kernel is compared on: below, around and well above one vector. */
    static final int[] SIZES = {1, 7, 17, 33, 1000};

    private Close() {}

    static float[] random(Random rng, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.nextFloat();
        return a;
    }

    static float[] gaussian(Random rng, int n, float std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian() * std;
        return a;
    }

    /** Fails unless |actual - expected| <= rtol |expected| + atol everywhere (NaN matches only NaN, infinities only themselves). */
    static void assertClose(String what, float[] expected, float[] actual, double rtol, double atol) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + " vs expected " + expected.length);
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (e == a || (Double.isNaN(e) && Double.isNaN(a))) continue;
            double excess = Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)
                    ? Double.POSITIVE_INFINITY : Math.abs(a - e) - (rtol * Math.abs(e) + atol);
            if (excess > 0 && (worst < 0 || excess > worstExcess)) { worst = i; worstExcess = excess; }
        }
        if (worst >= 0)
            fail(what + ": element " + worst + " is " + actual[worst] + ", expected " + expected[worst] + " (|diff| "
                    + Math.abs((double) actual[worst] - expected[worst]) + ", rtol " + rtol + ", atol " + atol + ")");
    }

    static void assertClose(String what, float expected, float actual, double rtol, double atol) {
        assertClose(what, new float[]{expected}, new float[]{actual}, rtol, atol);
    }
}
