package org.peft4j.kernels.cuda;

import static org.junit.jupiter.api.Assertions.fail;

/** Elementwise comparison with |actual - expected| <= atol + rtol |expected|; NaN matches NaN, infinities match exactly. */
final class Near {
    private Near() {}

    static void assertNear(float[] expected, float[] actual, double rtol, double atol, String what) {
        if (expected.length != actual.length) fail(what + ": " + actual.length + " values, expected " + expected.length);
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[i];
            if (Float.isNaN(e) && Float.isNaN(a)) continue;
            if (e == a) continue;
            double excess = Float.isNaN(e) || Float.isNaN(a) || Float.isInfinite(e) || Float.isInfinite(a)
                    ? Double.POSITIVE_INFINITY : Math.abs(a - e) - (atol + rtol * Math.abs(e));
            if (excess > worstExcess) { worstExcess = excess; worst = i; }
        }
        if (worst >= 0)
            fail(what + ": element " + worst + " is " + actual[worst] + ", expected " + expected[worst] + " (|diff| "
                    + Math.abs(actual[worst] - expected[worst]) + ", rtol " + rtol + ", atol " + atol + ")");
    }

    static void assertNear(long[] expected, long[] actual, String what) {
        for (int i = 0; i < expected.length; i++)
            if (expected[i] != actual[i]) fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
    }
}
