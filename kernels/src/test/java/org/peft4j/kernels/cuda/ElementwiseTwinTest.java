package org.peft4j.kernels.cuda;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peft4j.kernels.cpu.BinaryOp;
import org.peft4j.kernels.cpu.Elementwise;
import org.peft4j.kernels.cpu.UnaryOp;

import java.util.Random;

import static org.peft4j.kernels.cuda.Near.assertNear;

/** Elementwise CUDA kernels against org.peft4j.kernels.cpu.Elementwise on strided and broadcast views. */
class ElementwiseTwinTest {
    static java.util.stream.Stream<String> kinds() { return TestDevices.kinds(); }

    @ParameterizedTest @MethodSource("kinds")
    void unaryOpsOnATransposedViewMatchTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(1);
        int rows = 33, cols = 7;
        float[] x = DeviceArrays.random(rng, rows * cols, 0.05f, 3f);
        x[5] = Float.NaN;
        int[] sizes = {cols, rows}, strides = {1, cols}; // the transpose of a [33, 7] matrix
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dx = d.of(x), dout = d.floats(x.length);
            for (UnaryOp op : UnaryOp.values()) {
                float[] want = new float[x.length];
                Elementwise.unary(op, sizes, x, 0, strides, want, 0);
                CudaKernels.unary(ctx.device(), ctx.stream(), op, sizes, dx, strides, dout);
                assertNear(want, d.read(dout, x.length), 4e-6, 1e-7, kind + " " + op);
            }
            CudaKernels.copy(ctx.device(), ctx.stream(), sizes, dx, strides, dout);
            float[] want = new float[x.length];
            for (int i = 0; i < cols; i++) for (int j = 0; j < rows; j++) want[i * rows + j] = x[j * cols + i];
            assertNear(want, d.read(dout, x.length), 0, 0, kind + " strided copy");
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void binaryOpsBroadcastLikeTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(2);
        int[] sizes = {5, 6, 17};
        float[] a = DeviceArrays.random(rng, 5 * 17, 0.1f, 2f), b = DeviceArrays.random(rng, 6 * 17, 0.1f, 2f);
        a[3] = b[4]; // equal elements for the comparisons
        int[] as = {17, 0, 1}, bs = {0, 17, 1};
        int n = 5 * 6 * 17;
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long da = d.of(a), db = d.of(b), dout = d.floats(n);
            for (BinaryOp op : BinaryOp.values()) {
                float[] want = new float[n];
                Elementwise.binary(op, sizes, a, 0, as, b, 0, bs, want, 0);
                CudaKernels.binary(ctx.device(), ctx.stream(), op, sizes, da, as, db, bs, dout);
                assertNear(want, d.read(dout, n), 4e-6, 1e-7, kind + " " + op);

                float[] wantScalar = new float[5 * 17];
                Elementwise.binary(op, new int[]{5, 17}, a, 0, new int[]{17, 1}, new float[]{1.25f}, 0, new int[]{0, 0}, wantScalar, 0);
                CudaKernels.scalar(ctx.device(), ctx.stream(), op, new int[]{5, 17}, da, new int[]{17, 1}, 1.25f, dout);
                assertNear(wantScalar, d.read(dout, 5 * 17), 4e-6, 1e-7, kind + " scalar " + op);
            }
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void whereSelectsWithBroadcastCondition(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(3);
        int[] sizes = {4, 7};
        float[] cond = {1, 0, 0, 1, 1, 0, 1}, a = DeviceArrays.random(rng, 28, -1, 1), b = {42f};
        float[] want = new float[28];
        Elementwise.where(sizes, cond, 0, new int[]{0, 1}, a, 0, new int[]{7, 1}, b, 0, new int[]{0, 0}, want, 0);
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dout = d.floats(28);
            CudaKernels.where(ctx.device(), ctx.stream(), sizes, d.of(cond), new int[]{0, 1}, d.of(a), new int[]{7, 1}, d.of(b), new int[]{0, 0}, dout);
            assertNear(want, d.read(dout, 28), 0, 0, kind + " where");
            CudaKernels.fill(ctx.device(), ctx.stream(), 28, -3.5f, dout);
            float[] filled = d.read(dout, 28);
            java.util.Arrays.fill(want, -3.5f);
            assertNear(want, filled, 0, 0, kind + " fill");
        }
    }
}
