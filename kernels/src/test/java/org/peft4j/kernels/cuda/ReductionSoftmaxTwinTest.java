package org.peft4j.kernels.cuda;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peft4j.kernels.cpu.Reductions;
import org.peft4j.kernels.cpu.Softmax;

import java.util.Random;

import static org.peft4j.kernels.cuda.Near.assertNear;

/** Reductions and softmax CUDA kernels against org.peft4j.kernels.cpu.Reductions / Softmax. */
class ReductionSoftmaxTwinTest {
    static java.util.stream.Stream<String> kinds() { return TestDevices.kinds(); }

    @ParameterizedTest @MethodSource("kinds")
    void sumMeanMaxAlongEachAxisMatchTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(4);
        int[][] shapes = {{3, 1000, 1}, {7, 17, 1}, {3, 17, 33}, {1, 7, 1000}, {1, 1, 1}};
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            for (int[] s : shapes) {
                int outer = s[0], n = s[1], inner = s[2];
                float[] x = DeviceArrays.random(rng, outer * n * inner, -2, 2);
                long dx = d.of(x), dout = d.floats(outer * inner);
                int[] sizes = {outer, n, inner}, xs = {n * inner, inner, 1}, os = {inner, 0, 1};
                float[] want = new float[outer * inner];
                Reductions.sum(sizes, x, 0, xs, want, 0, os);
                CudaKernels.sum(ctx.device(), ctx.stream(), outer, n, inner, dx, 1f, dout);
                assertNear(want, d.read(dout, outer * inner), 1e-5, 1e-5 * Math.sqrt(n), kind + " sum " + java.util.Arrays.toString(s));
                Reductions.mean(sizes, x, 0, xs, want, 0, os);
                CudaKernels.sum(ctx.device(), ctx.stream(), outer, n, inner, dx, 1f / n, dout);
                assertNear(want, d.read(dout, outer * inner), 1e-5, 1e-6, kind + " mean " + java.util.Arrays.toString(s));
                Reductions.max(sizes, x, 0, xs, want, 0, os);
                CudaKernels.max(ctx.device(), ctx.stream(), outer, n, inner, dx, dout);
                assertNear(want, d.read(dout, outer * inner), 0, 0, kind + " max " + java.util.Arrays.toString(s));
            }
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void argmaxTakesTheFirstMaximumAndTheFirstNaN(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        float[] x = {1, 5, 5, 2, /* row 2 */ 0, Float.NaN, 9, Float.NaN, /* row 3 */ -1, -1, -1, -1};
        long[] want = new long[3];
        Reductions.argmax(new int[]{3, 4}, 1, x, 0, new int[]{4, 1}, want, 0);
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dout = d.bytes(8 * 3);
            CudaKernels.argmax(ctx.device(), ctx.stream(), 3, 4, 1, d.of(x), dout);
            assertNear(want, d.readLongs(dout, 3), kind + " argmax rows");
            // along the outer axis of a [4, 3] matrix (inner = 3)
            long[] wantCols = new long[3];
            Reductions.argmax(new int[]{4, 3}, 0, x, 0, new int[]{3, 1}, wantCols, 0);
            CudaKernels.argmax(ctx.device(), ctx.stream(), 1, 4, 3, d.of(x), dout);
            assertNear(wantCols, d.readLongs(dout, 3), kind + " argmax columns");
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void softmaxWithBroadcastMaskAndCausalMatchesTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(5);
        int b = 2, h = 3, tq = 5, tk = 7;
        int[] sizes = {b, h, tq, tk};
        int n = b * h * tq * tk;
        float[] x = DeviceArrays.random(rng, n, -4, 4);
        float[] mask = new float[b * tk]; // padding mask [b, 1, 1, tk]
        mask[tk - 1] = Float.NEGATIVE_INFINITY;
        mask[tk + 2] = -1e9f;
        int[] ms = {tk, 0, 0, 1};
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dx = d.of(x), dm = d.of(mask), dout = d.floats(n);
            for (boolean log : new boolean[]{false, true})
                for (boolean causal : new boolean[]{false, true})
                    for (boolean masked : new boolean[]{false, true}) {
                        float[] want = new float[n];
                        if (log) Softmax.logSoftmax(sizes, x, 0, new int[]{h * tq * tk, tq * tk, tk, 1}, masked ? mask : null, 0, ms, causal, want, 0);
                        else Softmax.softmax(sizes, x, 0, new int[]{h * tq * tk, tq * tk, tk, 1}, masked ? mask : null, 0, ms, causal, want, 0);
                        CudaKernels.softmax(ctx.device(), ctx.stream(), log, sizes, dx, masked ? dm : 0, ms, causal, dout);
                        assertNear(want, d.read(dout, n), 2e-5, 1e-6, kind + (log ? " log_softmax" : " softmax") + " causal=" + causal + " masked=" + masked);
                    }
            // a fully masked row: zeros (softmax) and -inf (log-softmax), never NaN
            float[] all = new float[tk];
            java.util.Arrays.fill(all, Float.NEGATIVE_INFINITY);
            CudaKernels.softmax(ctx.device(), ctx.stream(), false, new int[]{1, tk}, d.of(new float[tk]), d.of(all), new int[]{0, 1}, false, dout);
            assertNear(new float[tk], d.read(dout, tk), 0, 0, kind + " fully masked softmax");
            // a long row (vocabulary-sized log-softmax)
            float[] wide = DeviceArrays.random(rng, 3 * 5000, -10, 10), want = new float[wide.length];
            Softmax.logSoftmax(new int[]{3, 5000}, wide, 0, new int[]{5000, 1}, null, 0, null, false, want, 0);
            long dw = d.of(wide), dwo = d.floats(wide.length);
            CudaKernels.softmax(ctx.device(), ctx.stream(), true, new int[]{3, 5000}, dw, 0, null, false, dwo);
            assertNear(want, d.read(dwo, wide.length), 1e-5, 1e-5, kind + " log_softmax over 5000 classes");
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void softmaxBackwardMatchesTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(6);
        int rows = 7, n = 33;
        float[] x = DeviceArrays.random(rng, rows * n, -3, 3), dy = DeviceArrays.random(rng, rows * n, -1, 1);
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            for (boolean log : new boolean[]{false, true}) {
                float[] y = new float[rows * n], want = new float[rows * n];
                if (log) {
                    Softmax.logSoftmax(new int[]{rows, n}, x, 0, new int[]{n, 1}, null, 0, null, false, y, 0);
                    Softmax.logSoftmaxBackward(rows, n, y, 0, dy, 0, want, 0);
                } else {
                    Softmax.softmax(new int[]{rows, n}, x, 0, new int[]{n, 1}, null, 0, null, false, y, 0);
                    Softmax.softmaxBackward(rows, n, y, 0, dy, 0, want, 0);
                }
                long dx = d.floats(rows * n);
                CudaKernels.softmaxBackward(ctx.device(), ctx.stream(), log, rows, n, d.of(y), d.of(dy), dx);
                assertNear(want, d.read(dx, rows * n), 1e-5, 1e-6, kind + (log ? " log_softmax" : " softmax") + " backward");
            }
        }
    }
}
