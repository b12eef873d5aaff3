package org.peft4j.kernels.cuda;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peft4j.kernels.cpu.FloatFormat;
import org.peft4j.kernels.cpu.Gemm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.peft4j.kernels.cuda.Near.assertNear;

/** The PTX GEMMs (and cuBLAS, through the context's GEMM, on a GPU) against org.peft4j.kernels.cpu.Gemm. */
class GemmTwinTest {
    static java.util.stream.Stream<String> kinds() { return TestDevices.kinds(); }

    @ParameterizedTest @MethodSource("kinds")
    void sgemmInEveryTransposeOnOddSizesMatchesTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(14);
        int[][] shapes = {{1, 1, 1}, {7, 17, 33}, {33, 7, 1}, {130, 257, 17}, {17, 1, 1000}};
        for (int[] s : shapes)
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int m = s[0], n = s[1], k = s[2];
                float[] a = DeviceArrays.random(rng, m * k, -1, 1), b = DeviceArrays.random(rng, k * n, -1, 1), c = DeviceArrays.random(rng, m * n, -1, 1);
                int lda = ta ? m : k, ldb = tb ? k : n;
                float[] want = c.clone();
                Gemm.sgemm(ta, tb, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, 0.5f, want, 0, n);
                try (DeviceArrays d = new DeviceArrays(ctx)) {
                    long dc = d.of(c);
                    String what = kind + " sgemm " + m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb;
                    CudaKernels.sgemm(ctx.device(), ctx.stream(), ta, tb, m, n, k, 0.75f, d.of(a), lda, 0, d.of(b), ldb, 0, 0.5f, dc, n, 0, 1);
                    assertNear(want, d.read(dc, m * n), 1e-5, 2e-6 * k, what + " (ptx)");
                    long dc2 = d.of(c);
                    ctx.gemm().sgemm(ctx.stream(), ta, tb, m, n, k, 0.75f, d.of(a), lda, 0, d.of(b), ldb, 0, 0.5f, dc2, n, 0, 1);
                    assertNear(want, d.read(dc2, m * n), 1e-5, 2e-6 * k, what + " (" + ctx.gemm().name() + ")");
                }
            }
    }

    @ParameterizedTest @MethodSource("kinds")
    void batchedSgemmWithABroadcastOperandMatchesTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(15);
        int batch = 3, m = 9, n = 130, k = 20;
        float[] a = DeviceArrays.random(rng, batch * m * k, -1, 1), b = DeviceArrays.random(rng, k * n, -1, 1);
        float[] want = new float[batch * m * n];
        Gemm.sgemmBatched(batch, false, false, m, n, k, 1f, a, 0, k, m * k, b, 0, n, 0, 0f, want, 0, n, m * n);
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dc = d.of(new float[batch * m * n]);
            java.util.Arrays.fill(want, 0, 0, 0f);
            CudaKernels.sgemm(ctx.device(), ctx.stream(), false, false, m, n, k, 1f, d.of(a), k, (long) m * k, d.of(b), n, 0, 0f, dc, n, (long) m * n, batch);
            assertNear(want, d.read(dc, batch * m * n), 1e-5, 2e-6 * k, kind + " batched sgemm (ptx)");
            long dc2 = d.of(new float[batch * m * n]);
            ctx.gemm().sgemm(ctx.stream(), false, false, m, n, k, 1f, d.of(a), k, (long) m * k, d.of(b), n, 0, 0f, dc2, n, (long) m * n, batch);
            assertNear(want, d.read(dc2, batch * m * n), 1e-5, 2e-6 * k, kind + " batched sgemm (" + ctx.gemm().name() + ")");
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void bf16WeightGemmMatchesTheCpuSegmentGemm(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(16);
        int m = 33, n = 130, k = 257;
        float[] a = DeviceArrays.random(rng, m * k, -1, 1), wf = DeviceArrays.random(rng, n * k, -1, 1);
        MemorySegment w = MemorySegment.ofArray(new short[n * k]);
        ValueLayout.OfShort le = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < wf.length; i++) w.setAtIndex(le, i, (short) (Float.floatToRawIntBits(wf[i]) >>> 16));
        float[] want = new float[m * n];
        Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, w, FloatFormat.BF16, 0, k, 0f, want, 0, n);
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dw = d.bytes(w.byteSize()), dc = d.of(new float[m * n]);
            ctx.device().copyToDevice(dw, w, ctx.stream());
            CudaKernels.gemmBf16Weight(ctx.device(), ctx.stream(), m, n, k, 1f, d.of(a), k, dw, k, 0f, dc, n);
            assertNear(want, d.read(dc, m * n), 1e-5, 2e-6 * k, kind + " bf16-weight gemm");
        }
    }
}
