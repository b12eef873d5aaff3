package org.peft4j.tensor.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peft4j.kernels.cuda.AdamWStep;
import org.peft4j.kernels.cuda.CudaContext;
import org.peft4j.kernels.cuda.emulation.HostEmulatedDevice;
import org.peft4j.tensor.CudaBackend;
import org.peft4j.tensor.CudaStorage;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Device;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.CrossEntropyResult;
import org.peft4j.tensor.ops.LayerNormResult;
import org.peft4j.tensor.ops.Linalg;
import org.peft4j.tensor.ops.Ops;
import org.peft4j.tensor.ops.RmsNormResult;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The CUDA backend's tensor plumbing and CudaOps against the CPU Ops, on a real GPU ("gpu", skipped with the
 * probe's reason where there is none) and over the host emulation of the kernels ("emulated": not a GPU; it
 * checks storage, transfers, views, launch arguments and kernel logic).
 */
class CudaOpsTwinTest {
    private static CudaBackend emulated;
    private CudaBackend cuda;

    static java.util.stream.Stream<String> kinds() { return java.util.stream.Stream.of("gpu", "emulated"); }

    private void use(String kind) {
        if (kind.equals("gpu")) {
            org.peft4j.kernels.cuda.CudaStatus s = org.peft4j.kernels.cuda.CudaProbe.status();
            Assumptions.assumeTrue(s.available(), () -> "skipped on the GPU: " + s.summary());
            cuda = (CudaBackend) org.peft4j.tensor.Backends.get(Device.cuda(0));
            return;
        }
        Assumptions.assumeTrue(HostEmulatedDevice.isSupported(), "no g++ to compile the CUDA host emulation");
        synchronized (CudaOpsTwinTest.class) {
            if (emulated == null) emulated = new CudaBackend(Device.cuda(0), CudaContext.over(new HostEmulatedDevice()));
        }
        cuda = emulated;
    }

    private Tensor dev(Tensor t) { return cuda.fromCpu(t); }

    private static Tensor rand(long seed, float lo, float hi, int... shape) { return Tensor.rand(new Random(seed), lo, hi, shape); }

    @ParameterizedTest @MethodSource("kinds")
    void tensorsRoundTripInEveryStoredDtypeAndViewsDownloadTheirElements(String kind) {
        use(kind);
        Tensor f = rand(1, -1, 1, 3, 4);
        Tensor d = dev(f);
        assertInstanceOf(CudaStorage.class, d.storage());
        assertEquals(Device.cuda(0), d.device());
        assertArrayEquals(f.toFloatArray(), d.toFloatArray());
        assertArrayEquals(f.transpose(0, 1).toFloatArray(), d.transpose(0, 1).to(Device.CPU).toFloatArray());
        assertArrayEquals(f.narrow(1, 1, 2).toFloatArray(), d.narrow(1, 1, 2).toFloatArray());
        assertEquals(f.get(2, 3), d.get(2, 3));
        d.set(7f, 0, 1);
        assertEquals(7f, d.to(Device.CPU).get(0, 1));
        Tensor copy = d.transpose(0, 1).copy();
        assertEquals(Device.cuda(0), copy.device());
        assertArrayEquals(d.transpose(0, 1).toFloatArray(), copy.toFloatArray());
        assertEquals(null, d.compare(d.to(Device.CPU), 0, 0));
        assertEquals(f.toString().replace("cpu", "cuda:0"), dev(f).toString());

        Tensor ids = Tensor.ofLongs(new long[]{5, -1, Long.MAX_VALUE}, 3);
        assertArrayEquals(ids.toLongArray(), dev(ids).toLongArray());
        Tensor ints = Tensor.ofInts(new int[]{1, 2, 3, 4}, 2, 2);
        assertArrayEquals(ints.transpose(0, 1).toIntArray(), dev(ints).transpose(0, 1).toIntArray());

        MemorySegment bf = MemorySegment.ofArray(new short[6]);
        for (int i = 0; i < 6; i++) bf.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, (short) (Float.floatToRawIntBits(i + 0.5f) >>> 16));
        Tensor w = Tensor.ofSegment(bf, DType.BF16, 2, 3);
        Tensor dw = dev(w);
        assertEquals(DType.BF16, dw.dtype());
        assertArrayEquals(w.toFloatArray(), dw.toFloatArray());
        assertThrows(UnsupportedOperationException.class, () -> dw.set(1f, 0, 0));
    }

    @ParameterizedTest @MethodSource("kinds")
    void elementwiseReductionsAndSoftmaxMatchTheCpuOps(String kind) {
        use(kind);
        Tensor a = rand(2, 0.1f, 2, 4, 1, 6), b = rand(3, 0.1f, 2, 5, 6);
        Tensor da = dev(a), db = dev(b);
        CudaOps.add(da, db).assertAllClose(Ops.add(a, b), 0, 0);
        CudaOps.div(da, db).assertAllClose(Ops.div(a, b), 1e-6, 0);
        CudaOps.unary(org.peft4j.kernels.cpu.UnaryOp.EXP, da.transpose(0, 2)).assertAllClose(Ops.exp(a.transpose(0, 2)), 4e-6, 0);
        CudaOps.mulScalar(db, 3f).assertAllClose(Ops.mulScalar(b, 3f), 0, 0);
        Tensor x = rand(4, -3, 3, 2, 3, 7);
        Tensor dx = dev(x);
        for (int dim = 0; dim < 3; dim++) {
            CudaOps.sum(dx, dim, false).assertAllClose(Ops.sum(x, dim, false), 1e-5, 1e-6);
            CudaOps.mean(dx, dim, true).assertAllClose(Ops.mean(x, dim, true), 1e-5, 1e-6);
            CudaOps.max(dx, dim, false).assertAllClose(Ops.max(x, dim, false), 0, 0);
        }
        Tensor mask = Tensor.of(new float[]{0, 0, Float.NEGATIVE_INFINITY, 0, 0, 0, -1e9f}, 1, 1, 7);
        CudaOps.softmax(dx, dev(mask), true).assertAllClose(Ops.softmax(x, mask, true), 2e-5, 1e-7);
        CudaOps.logSoftmax(dx, null, false).assertAllClose(Ops.logSoftmax(x), 2e-5, 1e-6);
    }

    @ParameterizedTest @MethodSource("kinds")
    void normsActivationsAndGemmsMatchTheCpuOps(String kind) {
        use(kind);
        Tensor x = rand(5, -2, 2, 3, 4, 33), g = rand(6, 0.5f, 1.5f, 33), bta = rand(7, -1, 1, 33);
        Tensor dx = dev(x);
        LayerNormResult ln = Ops.layerNorm(x, g, bta, 1e-5f), dln = CudaOps.layerNorm(dx, dev(g), dev(bta), 1e-5f);
        dln.out().assertAllClose(ln.out(), 1e-4, 1e-5);
        dln.rstd().assertAllClose(ln.rstd(), 1e-4, 1e-6);
        RmsNormResult rn = Ops.rmsNorm(x, g, 1e-6f), drn = CudaOps.rmsNorm(dx, dev(g), 1e-6f);
        drn.out().assertAllClose(rn.out(), 1e-5, 1e-6);
        Tensor dy = rand(17, -1, 1, 3, 4, 33), ddy = dev(dy);
        var lg = Ops.layerNormBackward(dy, x, g, ln.mean(), ln.rstd());
        var dlg = CudaOps.layerNormBackward(ddy, dx, dev(g), dln.mean(), dln.rstd());
        dlg.dx().assertAllClose(lg.dx(), 1e-4, 1e-5);
        dlg.dgamma().assertAllClose(lg.dgamma(), 1e-4, 1e-5);
        dlg.dbeta().assertAllClose(lg.dbeta(), 1e-5, 1e-5);
        var rg = Ops.rmsNormBackward(dy, x, g, rn.rstd());
        var drg = CudaOps.rmsNormBackward(ddy, dx, dev(g), drn.rstd());
        drg.dx().assertAllClose(rg.dx(), 1e-4, 1e-5);
        drg.dgamma().assertAllClose(rg.dgamma(), 1e-4, 1e-5);
        CudaOps.geluBackward(dx, ddy, false).assertAllClose(Ops.geluBackward(x, dy, false), 1e-5, 1e-6);
        CudaOps.siluBackward(dx, ddy).assertAllClose(Ops.siluBackward(x, dy), 1e-5, 1e-6);
        Tensor y = Ops.softmax(x);
        CudaOps.softmaxBackward(false, dev(y), ddy).assertAllClose(Ops.softmaxBackward(y, dy), 1e-5, 1e-6);
        Tensor qs = rand(18, -1, 1, 2, 5, 3, 8), q = qs.permute(0, 2, 1, 3); // [B, H, T, D] view of [B, T, H, D]
        Tensor pos = Tensor.ofLongs(new long[]{0, 1, 2, 3, 4, 9, 8, 7, 6, 5}, 2, 5);
        CudaOps.rope(dev(qs).permute(0, 2, 1, 3), dev(pos), 10000f, false)
                .assertAllClose(Ops.rope(q, pos, 10000f, false), 1e-5, 2e-6);
        CudaOps.gelu(dx, false).assertAllClose(Ops.gelu(x, false), 1e-5, 1e-6);
        CudaOps.gelu(dx, true).assertAllClose(Ops.gelu(x, true), 1e-5, 1e-6);
        CudaOps.silu(dx).assertAllClose(Ops.silu(x), 1e-5, 1e-6);

        Tensor a = rand(8, -1, 1, 2, 17, 40), b = rand(9, -1, 1, 2, 40, 9), w = rand(10, -1, 1, 9, 40), bias = rand(11, -1, 1, 9);
        CudaOps.matmul(dev(a), dev(b)).assertAllClose(Linalg.matmul(a, b), 1e-5, 1e-4);
        CudaOps.matmul(dev(a), dev(w.transpose(0, 1))).assertAllClose(Linalg.matmul(a, w.transpose(0, 1)), 1e-5, 1e-4);
        CudaOps.linear(dev(a), dev(w), dev(bias)).assertAllClose(Linalg.linear(a, w, bias), 1e-5, 1e-4);
        MemorySegment wb = MemorySegment.ofArray(new short[9 * 40]);
        float[] wf = w.toFloatArray();
        for (int i = 0; i < wf.length; i++) wb.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, (short) (Float.floatToRawIntBits(wf[i]) >>> 16));
        Tensor wBf16 = Tensor.ofSegment(wb, DType.BF16, 9, 40);
        CudaOps.linear(dev(a), dev(wBf16), null).assertAllClose(Linalg.linear(a, wBf16, null), 1e-5, 1e-4);
    }

    @ParameterizedTest @MethodSource("kinds")
    void embeddingCrossEntropyAndAdamwMatchTheCpu(String kind) {
        use(kind);
        Tensor w = rand(12, -1, 1, 11, 6), ids = Tensor.ofLongs(new long[]{3, 0, 10, 3, 7, 1}, 2, 3);
        CudaOps.embedding(dev(w), dev(ids)).assertAllClose(Ops.embedding(w, ids), 0, 0);
        Tensor go = rand(19, -1, 1, 2, 3, 6);
        CudaOps.embeddingBackward(dev(go), dev(ids), 11).assertAllClose(Ops.embeddingBackward(go, ids, 11), 1e-6, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> CudaOps.embedding(dev(w), dev(Tensor.ofLongs(new long[]{11}, 1))));

        Tensor logits = rand(13, -4, 4, 5, 9), targets = Tensor.ofLongs(new long[]{1, -100, 8, 0, 4}, 5);
        CrossEntropyResult want = Ops.crossEntropy(logits, targets, -100, 0.1f, true);
        CrossEntropyResult got = CudaOps.crossEntropy(dev(logits), dev(targets), -100, 0.1f, true);
        assertEquals(want.loss().item(), got.loss().to(Device.CPU).item(), 1e-5);
        got.dlogits().assertAllClose(want.dlogits(), 1e-5, 1e-7);

        Tensor p = rand(14, -1, 1, 50), grad = rand(15, -1, 1, 50);
        Tensor dp = dev(p), dm = dev(Tensor.zeros(50)), dv = dev(Tensor.zeros(50));
        AdamWStep s = AdamWStep.of(1e-3, 0.01, 0.9, 0.999, 1e-8, 1);
        CudaOps.adamw(dp, dev(grad), dm, dv, s);
        float[] pw = p.toFloatArray(), g = grad.toFloatArray();
        for (int i = 0; i < 50; i++) { // torch.optim.AdamW's first step
            float m1 = s.oneMinusBeta1() * g[i], v1 = s.oneMinusBeta2() * g[i] * g[i];
            pw[i] = pw[i] * s.decay() + s.negStepSize() * m1 / ((float) Math.sqrt(v1) / s.bc2Sqrt() + s.eps());
        }
        dp.assertAllClose(Tensor.of(pw, 50), 1e-6, 1e-7);
    }
}
