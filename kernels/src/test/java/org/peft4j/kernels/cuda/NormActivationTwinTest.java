package org.peft4j.kernels.cuda;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peft4j.kernels.cpu.Activations;
import org.peft4j.kernels.cpu.Norms;

import java.util.Random;

import static org.peft4j.kernels.cuda.Near.assertNear;

/** LayerNorm / RMSNorm and GELU / SiLU CUDA kernels against org.peft4j.kernels.cpu.Norms / Activations. */
class NormActivationTwinTest {
    static java.util.stream.Stream<String> kinds() { return TestDevices.kinds(); }

    @ParameterizedTest @MethodSource("kinds")
    void layerNormForwardAndBackwardMatchTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(7);
        for (int h : new int[]{1, 7, 33, 1000}) {
            int rows = 5;
            float[] x = DeviceArrays.random(rng, rows * h, -2, 3), gamma = DeviceArrays.random(rng, h, 0.5f, 1.5f),
                    beta = DeviceArrays.random(rng, h, -1, 1), dy = DeviceArrays.random(rng, rows * h, -1, 1);
            for (int i = 0; i < h; i++) x[i] += 100; // a row with a large mean
            float[] out = new float[rows * h], mean = new float[rows], rstd = new float[rows];
            Norms.layerNorm(rows, h, x, 0, gamma, 0, beta, 0, 1e-5f, out, 0, mean, 0, rstd, 0);
            float[] dx = new float[rows * h], dg = new float[h], db = new float[h];
            Norms.layerNormBackward(rows, h, dy, 0, x, 0, gamma, 0, mean, 0, rstd, 0, dx, 0, dg, 0, db, 0);
            try (DeviceArrays d = new DeviceArrays(ctx)) {
                long dX = d.of(x), dG = d.of(gamma), dOut = d.floats(rows * h), dMean = d.floats(rows), dRstd = d.floats(rows);
                CudaKernels.layerNorm(ctx.device(), ctx.stream(), rows, h, dX, dG, d.of(beta), 1e-5f, dOut, dMean, dRstd);
                String what = kind + " layer_norm h=" + h;
                assertNear(out, d.read(dOut, rows * h), 1e-4, 2e-5, what);
                assertNear(mean, d.read(dMean, rows), 1e-6, 1e-6, what + " mean");
                assertNear(rstd, d.read(dRstd, rows), 1e-4, 1e-6, what + " rstd");
                long dDx = d.floats(rows * h), dDg = d.floats(h), dDb = d.floats(h);
                CudaKernels.normBackward(ctx.device(), ctx.stream(), rows, h, d.of(dy), dX, dG, d.of(mean), d.of(rstd), dDx, dDg, dDb);
                assertNear(dx, d.read(dDx, rows * h), 1e-4, 2e-5, what + " dx");
                assertNear(dg, d.read(dDg, h), 1e-4, 2e-5, what + " dgamma");
                assertNear(db, d.read(dDb, h), 1e-5, 1e-5, what + " dbeta");
            }
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void rmsNormForwardAndBackwardMatchTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(8);
        int rows = 6, h = 33;
        float[] x = DeviceArrays.random(rng, rows * h, -2, 2), gamma = DeviceArrays.random(rng, h, 0.5f, 1.5f), dy = DeviceArrays.random(rng, rows * h, -1, 1);
        for (boolean affine : new boolean[]{true, false}) {
            float[] g = affine ? gamma : null;
            float[] out = new float[rows * h], rstd = new float[rows], dx = new float[rows * h], dg = new float[h];
            Norms.rmsNorm(rows, h, x, 0, g, 0, 1e-6f, out, 0, rstd, 0);
            Norms.rmsNormBackward(rows, h, dy, 0, x, 0, g, 0, rstd, 0, dx, 0, affine ? dg : null, 0);
            try (DeviceArrays d = new DeviceArrays(ctx)) {
                long dX = d.of(x), dG = affine ? d.of(gamma) : 0, dOut = d.floats(rows * h), dRstd = d.floats(rows);
                CudaKernels.rmsNorm(ctx.device(), ctx.stream(), rows, h, dX, dG, 1e-6f, dOut, dRstd);
                String what = kind + " rms_norm affine=" + affine;
                assertNear(out, d.read(dOut, rows * h), 1e-5, 1e-6, what);
                long dDx = d.floats(rows * h), dDg = affine ? d.floats(h) : 0;
                CudaKernels.normBackward(ctx.device(), ctx.stream(), rows, h, d.of(dy), dX, dG, 0, d.of(rstd), dDx, dDg, 0);
                assertNear(dx, d.read(dDx, rows * h), 1e-4, 1e-5, what + " dx");
                if (affine) assertNear(dg, d.read(dDg, h), 1e-4, 1e-5, what + " dgamma");
            }
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void activationsForwardAndBackwardMatchTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(9);
        int n = 1000;
        float[] x = DeviceArrays.random(rng, n, -12, 12), dy = DeviceArrays.random(rng, n, -1, 1);
        x[0] = 0;
        x[1] = -30;
        x[2] = 30;
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dX = d.of(x), dDy = d.of(dy), dOut = d.floats(n);
            for (Activation act : Activation.values()) {
                float[] want = new float[n], wantGrad = new float[n];
                switch (act) {
                    case GELU -> { Activations.gelu(n, x, 0, want, 0); Activations.geluBackward(n, x, 0, dy, 0, wantGrad, 0); }
                    case GELU_TANH -> { Activations.geluTanh(n, x, 0, want, 0); Activations.geluTanhBackward(n, x, 0, dy, 0, wantGrad, 0); }
                    case SILU -> { Activations.silu(n, x, 0, want, 0); Activations.siluBackward(n, x, 0, dy, 0, wantGrad, 0); }
                }
                CudaKernels.activation(ctx.device(), ctx.stream(), act, n, dX, dOut);
                assertNear(want, d.read(dOut, n), 1e-5, 1e-6, kind + " " + act);
                CudaKernels.activationBackward(ctx.device(), ctx.stream(), act, n, dX, dDy, dOut);
                assertNear(wantGrad, d.read(dOut, n), 1e-5, 1e-6, kind + " " + act + " backward");
            }
        }
    }
}
