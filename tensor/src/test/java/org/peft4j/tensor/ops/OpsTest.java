package org.peft4j.tensor.ops;

import org.junit.jupiter.api.Test;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The Tensor-level API: broadcasting, views, masks, dtype widening and error messages. */
class OpsTest {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final Random rng = new Random(42);

    /** An elementwise expectation computed with Tensor.get on broadcast views: independent of the kernels. */
    private static Tensor expectBinary(Tensor a, Tensor b, java.util.function.DoubleBinaryOperator f, int... shape) {
        Tensor ea = a.expand(shape), eb = b.expand(shape), out = Tensor.zeros(shape);
        int n = out.numel();
        for (int i = 0; i < n; i++)
            out.storage().setFloat(i, (float) f.applyAsDouble(ea.storage().getFloat(ea.elementIndex(i)), eb.storage().getFloat(eb.elementIndex(i))));
        return out;
    }

    @Test
    void binaryOpsBroadcastLikeNumpy() {
        Tensor a = Tensor.randn(rng, 1, 2, 1, 5), b = Tensor.randn(rng, 1, 3, 1);
        Tensor sum = Ops.add(a, b);
        assertArrayEquals(new int[]{2, 3, 5}, sum.shape());
        sum.assertAllClose(expectBinary(a, b, Double::sum, 2, 3, 5), 1e-6, 1e-7);
        Ops.mul(a, b).assertAllClose(expectBinary(a, b, (x, y) -> x * y, 2, 3, 5), 1e-6, 1e-7);
        Ops.sub(b, a).assertAllClose(expectBinary(b, a, (x, y) -> x - y, 2, 3, 5), 1e-6, 1e-7);
        Ops.div(a, b).assertAllClose(expectBinary(a, b, (x, y) -> x / y, 2, 3, 5), 1e-6, 1e-7);
        Ops.maximum(a, b).assertAllClose(expectBinary(a, b, Math::max, 2, 3, 5), 0, 0);
        Ops.gt(a, b).assertAllClose(expectBinary(a, b, (x, y) -> x > y ? 1 : 0, 2, 3, 5), 0, 0);
        // scalars (shape []) broadcast against anything
        Tensor s = Tensor.of(new float[]{2f});
        Ops.mul(a, s).assertAllClose(Ops.mulScalar(a, 2f), 0, 0);
        Ops.addScalar(a, 1.5f).assertAllClose(expectBinary(a, s, (x, y) -> x + 1.5, 2, 1, 5), 1e-6, 1e-7);
    }

    @Test
    void opsReadTransposedViewsAndReturnFreshContiguousTensors() {
        Tensor x = Tensor.randn(rng, 1, 4, 6);
        Tensor t = x.transpose(0, 1);
        Tensor y = Ops.exp(t);
        assertTrue(y.isContiguous());
        assertNotSame(x.storage(), y.storage());
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 4; j++) assertEquals(Math.exp(x.get(j, i)), y.get(i, j), 1e-5 * Math.exp(x.get(j, i)));
        Ops.sum(t, 0, false).assertAllClose(Ops.sum(x, 1, false), 1e-6, 1e-6);
        Tensor narrowed = x.narrow(1, 1, 3);
        Ops.neg(narrowed).assertAllClose(Ops.neg(narrowed.contiguous()), 0, 0);
        Ops.add(t, Ops.neg(t)).assertAllClose(Tensor.zeros(6, 4), 0, 0);
    }

    @Test
    void rowOpsGiveTheSameResultsOnViewsAsOnCopies() {
        Tensor x = Tensor.randn(rng, 1, 6, 5).transpose(0, 1); // [5, 6], last dim strided
        Tensor c = x.contiguous();
        Ops.softmax(x).assertAllClose(Ops.softmax(c), 0, 0);
        Ops.logSoftmax(x, null, true).assertAllClose(Ops.logSoftmax(c, null, true), 0, 0);
        Ops.layerNorm(x, null, null, 1e-5f).out().assertAllClose(Ops.layerNorm(c, null, null, 1e-5f).out(), 0, 0);
        Ops.rmsNorm(x, null, 1e-5f).out().assertAllClose(Ops.rmsNorm(c, null, 1e-5f).out(), 0, 0);
        Ops.silu(x).assertAllClose(Ops.silu(c), 0, 0);
        assertArrayEquals(Ops.argmax(c, 1).toLongArray(), Ops.argmax(x, 1).toLongArray());
        Tensor targets = Tensor.ofLongs(new long[]{0, 5, 2, 3, 1}, 5);
        Ops.crossEntropy(x, targets).dlogits().assertAllClose(Ops.crossEntropy(c, targets).dlogits(), 0, 0);
    }

    @Test
    void powWhereAndMaskedFill() {
        Tensor x = Tensor.of(new float[]{-2, -1, 0, 1.5f, 3}, 5);
        assertArrayEquals(new float[]{4, 1, 0, 2.25f, 9}, Ops.pow(x, 2f).toFloatArray());
        assertArrayEquals(new float[]{-8, -1, 0, 3.375f, 27}, Ops.pow(x, 3f).toFloatArray(), 1e-5f);
        Tensor cond = Tensor.ofLongs(new long[]{1, 0, 0, 1, 0}, 5);
        assertArrayEquals(new float[]{-2, 7, 7, 1.5f, 7}, Ops.where(cond, x, Tensor.scalar(7)).toFloatArray());
        assertArrayEquals(new float[]{9, -1, 0, 9, 3}, Ops.maskedFill(x, cond, 9).toFloatArray());
    }

    @Test
    void reductionsAndSumToUndoBroadcasting() {
        Tensor x = Tensor.randn(rng, 1, 2, 3, 4);
        Tensor keep = Ops.sum(x, 1, true);
        assertArrayEquals(new int[]{2, 1, 4}, keep.shape());
        assertArrayEquals(new int[]{2, 4}, Ops.sum(x, -2, false).shape());
        Ops.sumTo(x, 3, 1).assertAllClose(Ops.sum(Ops.sum(x, 0, false), 1, true), 1e-6, 1e-6);
        Ops.sumTo(x, 1, 1, 4).assertAllClose(Ops.sum(Ops.sum(x, 0, true), 1, true), 1e-6, 1e-6);
        assertEquals(Ops.sumAll(x).item(), Ops.sumTo(x).item(), 1e-5);
        Ops.mean(x, 2, false).assertAllClose(Ops.mulScalar(Ops.sum(x, 2, false), 0.25f), 1e-6, 1e-7);
        assertEquals(Ops.sumAll(x).item() / 24, Ops.meanAll(x).item(), 1e-6);
        Tensor am = Ops.argmax(x, 2, true);
        assertEquals(DType.I64, am.dtype());
        assertArrayEquals(new int[]{2, 3, 1}, am.shape());
        Tensor mx = Ops.max(x, 2, true);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++) assertEquals(mx.get(i, j, 0), x.get(i, j, (int) am.getLong(i, j, 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.sumTo(x, 3, 2));
        assertTrue(e.getMessage().startsWith("sum_to:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.sumTo(x, 1, 2, 3, 4));
    }

    @Test
    void softmaxMasksAdditiveAndBooleanAgree() {
        int b = 2, h = 3, t = 5;
        Tensor scores = Tensor.randn(rng, 2, b, h, t, t);
        long[] keep = {1, 1, 1, 0, 0, 1, 1, 1, 1, 1};
        Tensor attention = Tensor.ofLongs(keep, b, 1, 1, t);
        float[] add = new float[keep.length];
        for (int i = 0; i < keep.length; i++) add[i] = keep[i] == 1 ? 0f : -3.4028235e38f;
        Tensor additive = Tensor.of(add, b, 1, 1, t);
        Tensor p1 = Ops.softmax(scores, attention, true), p2 = Ops.softmax(scores, additive, true);
        p1.assertAllClose(p2, 1e-6, 1e-7);
        // masked keys get nothing, future keys get nothing, rows sum to 1
        for (int q = 0; q < t; q++) {
            double rowSum = 0;
            for (int k = 0; k < t; k++) {
                float p = p1.get(0, 1, q, k);
                if (k > q || keep[k] == 0) assertEquals(0f, p);
                rowSum += p;
            }
            assertEquals(1, rowSum, 1e-6);
        }
        Tensor lp = Ops.logSoftmax(scores, attention, true);
        Ops.exp(lp).assertAllClose(p1, 1e-5, 1e-7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.softmax(scores, Tensor.zeros(4, 1, t), false));
        assertTrue(e.getMessage().contains("mask"), e.getMessage());
    }

    @Test
    void softmaxBackwardIsTheVectorJacobianProduct() {
        Tensor x = Tensor.randn(rng, 1, 3, 7), dy = Tensor.randn(rng, 1, 3, 7);
        Tensor y = Ops.softmax(x);
        Tensor dx = Ops.softmaxBackward(y, dy);
        Tensor expected = Ops.mul(y, Ops.sub(dy, Ops.sum(Ops.mul(dy, y), -1, true)));
        dx.assertAllClose(expected, 1e-5, 1e-6);
        Tensor ly = Ops.logSoftmax(x);
        Ops.logSoftmaxBackward(ly, dy).assertAllClose(Ops.sub(dy, Ops.mul(Ops.exp(ly), Ops.sum(dy, -1, true))), 1e-5, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Ops.softmaxBackward(y, Tensor.zeros(3, 6)));
    }

    @Test
    void normsReturnStatisticsOfTheRightShapes() {
        Tensor x = Tensor.randn(rng, 1, 2, 3, 8), g = Tensor.randn(rng, 1, 8), b = Tensor.randn(rng, 1, 8);
        LayerNormResult ln = Ops.layerNorm(x, g, b, 1e-5f);
        assertArrayEquals(new int[]{2, 3, 8}, ln.out().shape());
        assertArrayEquals(new int[]{2, 3}, ln.mean().shape());
        Ops.mean(x, -1, false).assertAllClose(ln.mean(), 1e-5, 1e-6);
        LayerNormGrads lg = Ops.layerNormBackward(Tensor.ones(2, 3, 8), x, g, ln.mean(), ln.rstd());
        assertArrayEquals(new int[]{8}, lg.dgamma().shape());
        lg.dbeta().assertAllClose(Tensor.full(6f, 8), 1e-6, 1e-6);
        RmsNormResult rms = Ops.rmsNorm(x, g, 1e-6f);
        Tensor ms = Ops.mean(Ops.square(x), -1, true);
        Ops.mul(Ops.mul(x, Ops.rsqrt(Ops.addScalar(ms, 1e-6f))), g).assertAllClose(rms.out(), 1e-5, 1e-6);
        RmsNormGrads rg = Ops.rmsNormBackward(Tensor.ones(2, 3, 8), x, g, rms.rstd());
        assertArrayEquals(new int[]{2, 3, 8}, rg.dx().shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.layerNorm(x, Tensor.ones(7), null, 1e-5f));
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("[8]") && e.getMessage().contains("[7]"), e.getMessage());
    }

    private static Tensor segmentOf(Arena arena, Tensor src, DType dtype) {
        float[] v = src.toFloatArray();
        MemorySegment seg = arena.allocate(2L * v.length);
        for (int i = 0; i < v.length; i++)
            seg.setAtIndex(U16, i, dtype == DType.F16 ? Float.floatToFloat16(v[i]) : (short) (Float.floatToRawIntBits(v[i]) >>> 16));
        return Tensor.ofSegment(seg, dtype, src.shape());
    }

    @Test
    void halfPrecisionSegmentsAreWidenedOnRead() {
        try (Arena arena = Arena.ofConfined()) {
            for (DType dt : new DType[]{DType.F16, DType.BF16}) {
                Tensor w = Tensor.randn(rng, 1, 10, 6);
                Tensor seg = segmentOf(arena, w, dt);
                Tensor widened = seg.toF32();
                Tensor x = Tensor.randn(rng, 1, 6);
                Ops.add(seg, x).assertAllClose(Ops.add(widened, x), 0, 0);
                Ops.softmax(seg).assertAllClose(Ops.softmax(widened), 0, 0);
                Ops.gelu(seg.transpose(0, 1), false).assertAllClose(Ops.gelu(widened.transpose(0, 1), false), 0, 0);
                Ops.layerNorm(x.unsqueeze(0), seg.select(0, 3), null, 1e-5f).out()
                        .assertAllClose(Ops.layerNorm(x.unsqueeze(0), widened.select(0, 3), null, 1e-5f).out(), 0, 0);
                Tensor ids = Tensor.ofLongs(new long[]{9, 0, 4, 4}, 2, 2);
                Tensor e = Ops.embedding(seg, ids);
                assertArrayEquals(new int[]{2, 2, 6}, e.shape());
                e.assertAllClose(Ops.embedding(widened, ids), 0, 0);
                // a row-narrowed segment view starts part-way into the mapping
                Ops.embedding(seg.narrow(0, 2, 5), Tensor.ofLongs(new long[]{0, 4}, 2))
                        .assertAllClose(Ops.embedding(widened, Tensor.ofLongs(new long[]{2, 6}, 2)), 0, 0);
            }
        }
    }

    @Test
    void embeddingAndItsGradient() {
        Tensor w = Tensor.randn(rng, 1, 5, 3);
        Tensor ids = Tensor.ofInts(new int[]{1, 3, 1}, 3);
        Tensor e = Ops.embedding(w, ids);
        for (int j = 0; j < 3; j++) assertEquals(w.get(3, j), e.get(1, j));
        Tensor g = Tensor.randn(rng, 1, 3, 3);
        Tensor dw = Ops.embeddingBackward(g, ids, 5);
        for (int j = 0; j < 3; j++) {
            assertEquals(g.get(0, j) + g.get(2, j), dw.get(1, j), 1e-6);
            assertEquals(0f, dw.get(0, j));
        }
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Ops.embedding(w, Tensor.ofLongs(new long[]{5}, 1)));
        assertTrue(ex.getMessage().startsWith("embedding:"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Ops.embedding(w, Tensor.of(new float[]{1}, 1)));
        assertTrue(ex.getMessage().contains("integer dtype"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.embeddingBackward(Tensor.zeros(2, 3), ids, 5));
    }

    @Test
    void ropeAcceptsSharedAndPerBatchPositionsAndInverts() {
        Tensor x = Tensor.randn(rng, 1, 2, 3, 4, 8).permute(0, 2, 1, 3); // [B, T, H, D] storage seen as [B, H, T, D], T = 3
        Tensor shared = Tensor.ofLongs(new long[]{0, 1, 2}, 3);
        Tensor perBatch = Tensor.ofLongs(new long[]{0, 1, 2, 0, 1, 2}, 2, 3);
        Tensor r1 = Ops.rope(x, shared, 10000f, false), r2 = Ops.rope(x, perBatch, 10000f, false);
        r1.assertAllClose(r2, 0, 0);
        Ops.rope(r1, shared, 10000f, true).assertAllClose(x.contiguous(), 1e-5, 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.rope(x, Tensor.ofLongs(new long[4], 4), 1e4f, false));
        assertTrue(e.getMessage().contains("positions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.rope(x.select(0, 0), shared, 1e4f, false));
    }

    @Test
    void crossEntropyOverLeadingDims() {
        Tensor logits = Tensor.randn(rng, 2, 2, 3, 5);
        Tensor targets = Tensor.ofLongs(new long[]{0, 4, -100, 2, 2, 1}, 2, 3);
        CrossEntropyResult r = Ops.crossEntropy(logits, targets);
        assertEquals(0, r.loss().dim());
        assertArrayEquals(new int[]{2, 3, 5}, r.dlogits().shape());
        // mean over the five counted rows of -log_softmax at the target
        Tensor lp = Ops.logSoftmax(logits);
        double expected = 0;
        long[] t = targets.toLongArray();
        for (int i = 0; i < 6; i++) if (t[i] != -100) expected -= lp.get(i / 3, i % 3, (int) t[i]);
        assertEquals(expected / 5, r.loss().item(), 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.crossEntropy(logits, Tensor.ofLongs(new long[6], 6)));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void zeroDimTensorsWorkEverywhereElementwise() {
        Tensor loss = Tensor.scalar(2f).reshape(), other = Tensor.scalar(3f).reshape();
        assertEquals(0, loss.dim());
        for (Tensor r : new Tensor[]{Ops.add(loss, other), Ops.mul(loss, other), Ops.exp(loss), Ops.mulScalar(loss, 2f),
                Ops.pow(loss, 3f), Ops.maskedFill(loss, other, 1f), Ops.gelu(loss, false), Ops.silu(loss), Ops.sumAll(loss)})
            assertEquals(0, r.dim());
        assertEquals(6f, Ops.mul(loss, other).item());
        assertEquals(8f, Ops.pow(loss, 3f).item(), 1e-5);
        assertArrayEquals(new int[]{2}, Ops.add(loss, Tensor.zeros(2)).shape());
        assertEquals(2f, Ops.sumTo(loss).item());
        assertEquals(4f, Ops.sumTo(Tensor.full(2f, 2), new int[0]).item());
    }

    @Test
    void badShapesNameTheOpAndBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.add(Tensor.zeros(2, 3), Tensor.zeros(4)));
        assertTrue(e.getMessage().startsWith("add:") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.geluBackward(Tensor.zeros(3), Tensor.zeros(4), true));
        assertThrows(IllegalArgumentException.class, () -> Ops.add(null, Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> Ops.sum(Tensor.zeros(2), 1, false));
    }
}
