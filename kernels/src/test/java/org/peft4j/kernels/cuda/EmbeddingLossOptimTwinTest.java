package org.peft4j.kernels.cuda;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peft4j.kernels.cpu.CrossEntropy;
import org.peft4j.kernels.cpu.Embedding;
import org.peft4j.kernels.cpu.FloatFormat;
import org.peft4j.kernels.cpu.Rotary;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.peft4j.kernels.cuda.Near.assertNear;

/** Rotary, embedding, cross-entropy and AdamW CUDA kernels against their CPU twins. */
class EmbeddingLossOptimTwinTest {
    static java.util.stream.Stream<String> kinds() { return TestDevices.kinds(); }

    @ParameterizedTest @MethodSource("kinds")
    void ropeOnAPermutedViewMatchesTheCpuBothWays(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(10);
        int b = 2, heads = 3, seq = 5, dim = 8;
        float[] x = DeviceArrays.random(rng, b * heads * seq * dim, -1, 1);
        int[] xs = {seq * heads * dim, dim, heads * dim, 1}; // stored [b, seq, heads, d], viewed [b, heads, seq, d]
        long[] pos = {0, 1, 2, 3, 4, 7, 100, 2000, 3, 0};
        float[] inv = Rotary.inverseFrequencies(dim, 10000f);
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dX = d.of(x), dPos = d.of(pos), dInv = d.of(inv), dOut = d.floats(x.length);
            for (boolean inverse : new boolean[]{false, true})
                for (int posStride : new int[]{seq, 0}) {
                    float[] want = new float[x.length];
                    Rotary.rope(b, heads, seq, dim, x, 0, xs, pos, 0, posStride, 10000f, inverse, want, 0);
                    CudaKernels.rope(ctx.device(), ctx.stream(), b, heads, seq, dim, dX, xs, dPos, posStride, dInv, inverse, dOut);
                    assertNear(want, d.read(dOut, x.length), 1e-5, 2e-6, kind + " rope inverse=" + inverse + " posStride=" + posStride);
                }
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void embeddingGatherInEveryFormatAndScatterAddMatchTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(11);
        int vocab = 17, hidden = 33, n = 7;
        float[] w = DeviceArrays.random(rng, vocab * hidden, -2, 2);
        long[] ids = {3, 0, 16, 3, 5, 3, 9};
        MemorySegment half = MemorySegment.ofArray(new short[vocab * hidden]), bf = MemorySegment.ofArray(new short[vocab * hidden]);
        ValueLayout.OfShort le = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w.length; i++) {
            half.setAtIndex(le, i, Float.floatToFloat16(w[i]));
            bf.setAtIndex(le, i, (short) (Float.floatToRawIntBits(w[i]) >>> 16));
        }
        half.setAtIndex(le, 1, (short) 0x0001); // a subnormal half
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dIds = d.of(ids), dOut = d.floats(n * hidden);
            for (CudaKernels.WeightFormat f : CudaKernels.WeightFormat.values()) {
                float[] want = new float[n * hidden];
                long dW;
                if (f == CudaKernels.WeightFormat.F32) {
                    Embedding.gather(w, 0, vocab, hidden, ids, 0, n, want, 0);
                    dW = d.of(w);
                } else {
                    MemorySegment seg = f == CudaKernels.WeightFormat.F16 ? half : bf;
                    Embedding.gather(seg, f == CudaKernels.WeightFormat.F16 ? FloatFormat.F16 : FloatFormat.BF16, vocab, hidden, ids, 0, n, want, 0);
                    dW = d.bytes(seg.byteSize());
                    ctx.device().copyToDevice(dW, seg, ctx.stream());
                }
                CudaKernels.embeddingGather(ctx.device(), ctx.stream(), f, n, hidden, vocab, dIds, dW, dOut);
                assertNear(want, d.read(dOut, n * hidden), 0, 0, kind + " embedding " + f);
            }
            float[] g = DeviceArrays.random(rng, n * hidden, -1, 1), want = new float[vocab * hidden];
            Embedding.scatterAdd(g, 0, hidden, ids, 0, n, want, 0, vocab);
            long dDw = d.of(new float[vocab * hidden]);
            CudaKernels.embeddingScatterAdd(ctx.device(), ctx.stream(), n, hidden, vocab, dIds, d.of(g), dDw);
            assertNear(want, d.read(dDw, vocab * hidden), 1e-6, 1e-6, kind + " embedding scatter-add");
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void crossEntropyWithIgnoreIndexAndSmoothingMatchesTheCpu(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(12);
        for (int classes : new int[]{1, 7, 1000}) {
            int rows = 6;
            float[] logits = DeviceArrays.random(rng, rows * classes, -5, 5);
            long[] targets = {0, classes - 1, -100, classes / 2, 0, -100};
            for (float smoothing : new float[]{0f, 0.1f}) {
                float[] wantGrad = new float[rows * classes];
                float want = CrossEntropy.crossEntropy(rows, classes, logits, 0, targets, 0, -100, smoothing, true, wantGrad, 0);
                float scale = 1f / 4; // four rows count
                try (DeviceArrays d = new DeviceArrays(ctx)) {
                    long dLoss = d.floats(rows), dGrad = d.floats(rows * classes);
                    CudaKernels.crossEntropy(ctx.device(), ctx.stream(), rows, classes, d.of(logits), d.of(targets), -100, smoothing, scale, dLoss, dGrad);
                    float[] rowLoss = d.read(dLoss, rows);
                    double total = 0;
                    for (float l : rowLoss) total += l;
                    String what = kind + " cross_entropy classes=" + classes + " smoothing=" + smoothing;
                    assertEquals(want, total * scale, 1e-5 * Math.max(1, Math.abs(want)), what);
                    assertNear(wantGrad, d.read(dGrad, rows * classes), 1e-5, 1e-7, what + " gradient");
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void adamwStepsMatchTorchsFormulaWithMaskAndAmsgrad(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        Random rng = new Random(13);
        int n = 1000;
        float[] p = DeviceArrays.random(rng, n, -1, 1), m = new float[n], v = new float[n], vmax = new float[n];
        byte[] keep = new byte[n];
        for (int i = 0; i < n; i++) keep[i] = (byte) (i % 3 == 0 ? 0 : 1);
        try (DeviceArrays d = new DeviceArrays(ctx)) {
            long dP = d.of(p), dM = d.of(m), dV = d.of(v), dVmax = d.of(vmax), dKeep = d.bytes(n);
            ctx.device().copyToDevice(dKeep, MemorySegment.ofArray(keep), ctx.stream());
            for (int step = 1; step <= 3; step++) {
                float[] g = DeviceArrays.random(rng, n, -1, 1);
                AdamWStep s = AdamWStep.of(1e-2, 0.01, 0.9, 0.999, 1e-8, step);
                reference(p, g, m, v, vmax, keep, s);
                CudaKernels.adamw(ctx.device(), ctx.stream(), n, dP, d.of(g), dM, dV, dVmax, dKeep, s);
            }
            assertNear(p, d.read(dP, n), 1e-6, 1e-7, kind + " adamw parameters");
            assertNear(m, d.read(dM, n), 1e-6, 1e-8, kind + " adamw exp_avg");
            assertNear(v, d.read(dV, n), 1e-6, 1e-9, kind + " adamw exp_avg_sq");
        }
    }

    /** torch.optim.AdamW's single-tensor step in fp32, as org.peft4j.autograd.optim.AdamW computes it. */
    static void reference(float[] p, float[] g, float[] m, float[] v, float[] vmax, byte[] keep, AdamWStep s) {
        for (int i = 0; i < p.length; i++) {
            if (keep[i] == 0) continue;
            p[i] *= s.decay();
            m[i] = m[i] * s.beta1() + s.oneMinusBeta1() * g[i];
            v[i] = v[i] * s.beta2() + s.oneMinusBeta2() * g[i] * g[i];
            float second = vmax[i] = Math.max(vmax[i], v[i]);
            float denom = (float) Math.sqrt(second) / s.bc2Sqrt() + s.eps();
            p[i] += s.negStepSize() * m[i] / denom;
        }
    }
}
