package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ActivationsTest {
    private static final double RTOL = 1e-5, ATOL = 1e-30;

    @Test
    void scalarErfMatchesTabulatedValues() {
        // values from Abramowitz & Stegun / mpmath
        assertEquals(0.5204998778130465, ScalarMath.erf(0.5), 1e-15);
        assertEquals(0.9953222650189527, ScalarMath.erf(2.0), 1e-15);
        assertEquals(-0.8427007929497149, ScalarMath.erf(-1.0), 1e-15);
        assertEquals(2.209049699858544e-05, ScalarMath.erfc(3.0), 1e-19);
        assertEquals(1.5374597944280349e-12, ScalarMath.erfc(5.0), 1e-25);
        assertEquals(2.088487583762545e-45, ScalarMath.erfc(10.0), 1e-58);
        assertEquals(1.9999779095030015, ScalarMath.erfc(-3.0), 1e-15);
        assertEquals(1.0, ScalarMath.erfc(0.0), 0);
    }

    @Test
    void vectorErfcHasSmallRelativeErrorEverywhere() {
        var sp = FloatVector.SPECIES_PREFERRED;
        int l = sp.length();
        double worst = 0;
        float[] z = new float[l], out = new float[l];
        for (float start = -9f; start < 9.3f; start += 0.0011f * l) {
            for (int i = 0; i < l; i++) z[i] = start + 0.0011f * i;
            VectorMath.erfc(FloatVector.fromArray(sp, z, 0)).intoArray(out, 0);
            for (int i = 0; i < l; i++) {
                double want = ScalarMath.erfc(z[i]);
                if (want < 1e-37) continue; // float underflow
                worst = Math.max(worst, Math.abs(out[i] - want) / want);
            }
        }
        assertTrue(worst < 1e-6, "worst relative error of vector erfc " + worst);
    }

    private interface Fwd { void run(int n, float[] x, int xo, float[] out, int oo); }

    private interface Bwd { void run(int n, float[] x, int xo, float[] dy, int dyo, float[] dx, int dxo); }

    private static void compareForward(String what, Fwd simd, Fwd ref, float[] x) {
        float[] got = new float[x.length], want = new float[x.length];
        simd.run(x.length, x, 0, got, 0);
        ref.run(x.length, x, 0, want, 0);
        Close.assertClose(what, want, got, RTOL, ATOL);
    }

    /**
     * dx = dy f'(x) agrees to 1e-5 relative, except that f' of GELU and SiLU crosses zero (near x = -0.75 and
     * x = -1.28), where it is a difference of O(1) terms: there a float evaluation is only good to a few ulp of
     * those terms, so each element also gets an absolute allowance of 3e-7 |dy| (about 5 float ulp of 1).
     */
    private static void compareBackward(String what, Bwd simd, Bwd ref, float[] x, float[] dy) {
        float[] got = new float[x.length], want = new float[x.length];
        simd.run(x.length, x, 0, dy, 0, got, 0);
        ref.run(x.length, x, 0, dy, 0, want, 0);
        for (int i = 0; i < x.length; i++) {
            double allowed = RTOL * Math.abs(want[i]) + 3e-7 * Math.abs(dy[i]);
            assertTrue(Math.abs(got[i] - want[i]) <= allowed,
                    what + ": x=" + x[i] + " dy=" + dy[i] + " gives " + got[i] + ", expected " + want[i]);
        }
    }

    @Test
    void forwardAndBackwardMatchReferenceOnWideRanges() {
        Random rng = new Random(14);
        for (int n : Close.SIZES) {
            float[] x = Close.random(rng, n, -14f, 14f), dy = Close.gaussian(rng, n, 1f);
            compareForward("gelu n=" + n, Activations::gelu, ActivationsReference::gelu, x);
            compareForward("gelu_tanh n=" + n, Activations::geluTanh, ActivationsReference::geluTanh, x);
            compareForward("silu n=" + n, Activations::silu, ActivationsReference::silu, x);
            compareBackward("gelu' n=" + n, Activations::geluBackward, ActivationsReference::geluBackward, x, dy);
            compareBackward("gelu_tanh' n=" + n, Activations::geluTanhBackward, ActivationsReference::geluTanhBackward, x, dy);
            compareBackward("silu' n=" + n, Activations::siluBackward, ActivationsReference::siluBackward, x, dy);
        }
        // a dense sweep with small values, where GELU's relative accuracy is hardest
        float[] sweep = new float[4001];
        for (int i = 0; i < sweep.length; i++) sweep[i] = -10f + 0.005f * i;
        compareForward("gelu sweep", Activations::gelu, ActivationsReference::gelu, sweep);
        compareForward("gelu_tanh sweep", Activations::geluTanh, ActivationsReference::geluTanh, sweep);
        compareForward("silu sweep", Activations::silu, ActivationsReference::silu, sweep);
    }

    @Test
    void referenceDerivativesMatchFiniteDifferences() {
        double h = 1e-5;
        for (double x = -6; x <= 6; x += 0.37) {
            assertEquals((ActivationsReference.gelu(x + h) - ActivationsReference.gelu(x - h)) / (2 * h), ActivationsReference.geluDerivative(x), 1e-8, "gelu' at " + x);
            assertEquals((ActivationsReference.geluTanh(x + h) - ActivationsReference.geluTanh(x - h)) / (2 * h), ActivationsReference.geluTanhDerivative(x), 1e-8, "gelu_tanh' at " + x);
            assertEquals((ActivationsReference.silu(x + h) - ActivationsReference.silu(x - h)) / (2 * h), ActivationsReference.siluDerivative(x), 1e-8, "silu' at " + x);
        }
    }

    @Test
    void knownValues() {
        // torch.nn.functional.gelu(torch.tensor([1.0, -1.0])) and gelu(approximate='tanh')
        float[] x = {1f, -1f, 0f};
        float[] out = new float[3];
        Activations.gelu(3, x, 0, out, 0);
        assertArrayEquals(new float[]{0.8413447f, -0.15865526f, 0f}, out, 1e-7f);
        Activations.geluTanh(3, x, 0, out, 0);
        assertArrayEquals(new float[]{0.8411920f, -0.15880801f, 0f}, out, 1e-7f);
        Activations.silu(3, x, 0, out, 0);
        assertArrayEquals(new float[]{0.7310586f, -0.26894143f, 0f}, out, 1e-7f);
    }

    @Test
    void badArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.gelu(5, new float[4], 0, new float[5], 0));
        assertTrue(e.getMessage().startsWith("gelu: x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activations.siluBackward(4, new float[4], 0, new float[3], 0, new float[4], 0));
        assertThrows(IllegalArgumentException.class, () -> Activations.silu(-1, new float[4], 0, new float[4], 0));
    }

    @Test
    void longRowsSplitAcrossThreadsGiveTheSameBitsAsOneThread() {
        int n = 3 * Activations.CHUNK + 7; // several pieces and a scalar tail
        Random rng = new Random(5);
        float[] x = Close.random(rng, n, -6f, 6f), dy = Close.random(rng, n, -1f, 1f);
        int before = KernelPool.threads();
        try {
            float[][] one = allActivations(x, dy, 1), three = allActivations(x, dy, 3);
            for (int k = 0; k < one.length; k++) assertArrayEquals(one[k], three[k], "activation " + k);
            float[] want = new float[n];
            for (int i = 0; i < n; i++) want[i] = (float) ActivationsReference.gelu(x[i]);
            Close.assertClose("gelu across pieces", want, three[0], RTOL, ATOL);
        } finally {
            KernelPool.setThreads(before);
        }
    }

    private static float[][] allActivations(float[] x, float[] dy, int threads) {
        KernelPool.setThreads(threads);
        int n = x.length;
        float[][] out = new float[6][n];
        Activations.gelu(n, x, 0, out[0], 0);
        Activations.geluBackward(n, x, 0, dy, 0, out[1], 0);
        Activations.geluTanh(n, x, 0, out[2], 0);
        Activations.geluTanhBackward(n, x, 0, dy, 0, out[3], 0);
        Activations.silu(n, x, 0, out[4], 0);
        Activations.siluBackward(n, x, 0, dy, 0, out[5], 0);
        return out;
    }
}
