package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** Our polynomial exp/log/tanh against java.lang.Math (taken as correctly rounded), in ulps of the float result. */
class VectorMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** The worst error in float ulps over an even sweep of [lo, hi], with the argument where it happens. */
    private static double[] worstUlps(UnaryOperator<FloatVector> f, DoubleUnaryOperator exact, float lo, float hi, int n) {
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * i / (n - 1);
        int covered = S.loopBound(n);
        for (int i = 0; i < covered; i += S.length()) f.apply(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        double worst = 0, at = Double.NaN;
        for (int i = 0; i < covered; i++) {
            double want = exact.applyAsDouble(x[i]);
            if (want == 0 || Math.abs(want) < Float.MIN_NORMAL) continue; // subnormal results: checked separately
            double err = Math.abs(y[i] - want) / Math.ulp((float) want);
            if (err > worst) { worst = err; at = x[i]; }
        }
        return new double[]{worst, at};
    }

    private static void assertWithinUlps(String name, double[] worst, double ulps) {
        assertTrue(worst[0] <= ulps, name + ": " + worst[0] + " ulp at x=" + worst[1] + ", expected at most " + ulps);
    }

    /** f over x, a vector at a time (x zero-padded to whole vectors). */
    private static float[] apply(UnaryOperator<FloatVector> f, float... x) {
        int l = S.length(), n = (x.length + l - 1) / l * l;
        float[] in = Arrays.copyOf(x, n), out = new float[n];
        for (int i = 0; i < n; i += l) f.apply(FloatVector.fromArray(S, in, i)).intoArray(out, i);
        return Arrays.copyOf(out, x.length);
    }

    @Test
    void expIsWithinTwoUlpsOverTheNormalRange() {
        assertWithinUlps("exp", worstUlps(VectorMath::exp, Math::exp, -87f, 88.7f, 400_003), 2);
        assertWithinUlps("exp near 0", worstUlps(VectorMath::exp, Math::exp, -1f, 1f, 100_003), 2);
    }

    @Test
    void expHandlesOverflowUnderflowAndNaN() {
        float[] y = apply(VectorMath::exp, 88.8f, 1000f, Float.POSITIVE_INFINITY, -104f, Float.NEGATIVE_INFINITY, Float.NaN, -100f, 0f);
        assertEquals(Float.POSITIVE_INFINITY, y[0]);
        assertEquals(Float.POSITIVE_INFINITY, y[1]);
        assertEquals(Float.POSITIVE_INFINITY, y[2]);
        assertEquals(0f, y[3]);
        assertEquals(0f, y[4]);
        assertTrue(Float.isNaN(y[5]));
        assertEquals((float) Math.exp(-100), y[6], Float.MIN_VALUE * 2, "exp(-100) is subnormal and must not flush to 0");
        assertEquals(1f, y[7]);
    }

    @Test
    void logIsWithinTwoUlps() {
        assertWithinUlps("log", worstUlps(VectorMath::log, Math::log, 1e-30f, 1e30f, 400_003), 2);
        assertWithinUlps("log near 1", worstUlps(VectorMath::log, Math::log, 0.5f, 2f, 200_003), 2);
        assertWithinUlps("log small", worstUlps(VectorMath::log, Math::log, 1e-6f, 1e-3f, 100_003), 2);
    }

    @Test
    void logHandlesZeroInfinityNegativeAndSubnormals() {
        float[] y = apply(VectorMath::log, 0f, -0f, Float.POSITIVE_INFINITY, -1f, Float.NaN, 1e-40f, Float.MIN_VALUE, 1f);
        assertEquals(Float.NEGATIVE_INFINITY, y[0]);
        assertEquals(Float.NEGATIVE_INFINITY, y[1]);
        assertEquals(Float.POSITIVE_INFINITY, y[2]);
        assertTrue(Float.isNaN(y[3]));
        assertTrue(Float.isNaN(y[4]));
        assertEquals((float) Math.log(1e-40f), y[5], Math.ulp((float) Math.log(1e-40f)) * 2);
        assertEquals((float) Math.log(Float.MIN_VALUE), y[6], Math.ulp((float) Math.log(Float.MIN_VALUE)) * 2);
        assertEquals(0f, y[7]);
    }

    @Test
    void tanhIsWithinThreeUlps() {
        assertWithinUlps("tanh", worstUlps(VectorMath::tanh, Math::tanh, -12f, 12f, 400_003), 3);
        assertWithinUlps("tanh small", worstUlps(VectorMath::tanh, Math::tanh, -0.7f, 0.7f, 200_003), 3);
        float[] y = apply(VectorMath::tanh, 50f, -50f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -0f, 1e-30f);
        assertEquals(1f, y[0]);
        assertEquals(-1f, y[1]);
        assertEquals(1f, y[2]);
        assertEquals(-1f, y[3]);
        assertTrue(Float.isNaN(y[4]));
        assertEquals(-0f, y[5]);
        assertEquals(1e-30f, y[6]);
    }

    @Test
    void sumLanesAddsLeftToRight() {
        float[] x = new float[S.length()];
        x[0] = 1f;
        for (int i = 1; i < x.length; i++) x[i] = 1e-8f; // each is lost against 1 when added left to right
        float left = 0f;
        for (float v : x) left += v;
        assertEquals(Float.floatToIntBits(left), Float.floatToIntBits(VectorMath.sumLanes(FloatVector.fromArray(S, x, 0))));
    }
}
