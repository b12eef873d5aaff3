package org.peft4j.autograd;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Storage;
import org.peft4j.tensor.Tensor;

/**
 * The tensor arithmetic F needs, in one place. PRIVATE FALLBACK: these are plain scalar loops written inside
 * autograd while org.peft4j.tensor.ops (Ops, Linalg) were being written on other branches; methods are swapped to
 * delegate to those as they land. Every result is a fresh contiguous F32 heap tensor; inputs may be any view,
 * including read-only F16/BF16 segments (read element by element, never copied whole).
 */
final class TensorMath {
    private TensorMath() {}

    interface Binary { float apply(float a, float b); }
    interface Unary { float apply(float a); }

    // ---------------------------------------------------------------- elementwise with broadcasting

    /** f(a, b) elementwise over the broadcast shape of a and b. */
    static Tensor binary(String op, Tensor a, Tensor b, Binary f) {
        int[] shape = Shapes.broadcast(op, a.shape(), b.shape());
        int n = Shapes.numel(shape);
        float[] out = new float[n];
        int rank = shape.length;
        int[] sa = broadcastStrides(a, rank), sb = broadcastStrides(b, rank);
        Storage as = a.storage(), bs = b.storage();
        int[] idx = new int[rank];
        long pa = a.offset(), pb = b.offset();
        for (int i = 0; i < n; i++) {
            out[i] = f.apply(as.getFloat(pa), bs.getFloat(pb));
            for (int d = rank - 1; d >= 0; d--) {
                pa += sa[d];
                pb += sb[d];
                if (++idx[d] < shape[d]) break;
                pa -= (long) sa[d] * shape[d];
                pb -= (long) sb[d] * shape[d];
                idx[d] = 0;
            }
        }
        return Tensor.of(out, shape);
    }

    static Tensor unary(Tensor a, Unary f) {
        int n = a.numel();
        float[] out = new float[n];
        Storage s = a.storage();
        if (a.isContiguous()) {
            long o = a.offset();
            for (int i = 0; i < n; i++) out[i] = f.apply(s.getFloat(o + i));
        } else {
            for (int i = 0; i < n; i++) out[i] = f.apply(s.getFloat(a.elementIndex(i)));
        }
        return Tensor.of(out, a.shape());
    }

    /** Strides of t aligned right to a result of the given rank, 0 where t broadcasts. */
    private static int[] broadcastStrides(Tensor t, int rank) {
        int[] sh = t.shape(), st = t.strides();
        int[] out = new int[rank];
        int lead = rank - sh.length;
        for (int i = 0; i < sh.length; i++) out[lead + i] = sh[i] == 1 ? 0 : st[i];
        return out;
    }

    static Tensor add(Tensor a, Tensor b) { return binary("add", a, b, Float::sum); }
    static Tensor sub(Tensor a, Tensor b) { return binary("sub", a, b, (x, y) -> x - y); }
    static Tensor mul(Tensor a, Tensor b) { return binary("mul", a, b, (x, y) -> x * y); }
    static Tensor div(Tensor a, Tensor b) { return binary("div", a, b, (x, y) -> x / y); }
    static Tensor neg(Tensor a) { return unary(a, x -> -x); }
    static Tensor mulScalar(Tensor a, float s) { return unary(a, x -> x * s); }
    static Tensor addScalar(Tensor a, float s) { return unary(a, x -> x + s); }

    // ---------------------------------------------------------------- reductions

    /** Sums a broadcast gradient back to the shape its input had (the inverse of broadcasting). */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (java.util.Arrays.equals(gs, shape)) return g;
        Shapes.broadcast("sumTo", shape, gs); // validates
        if (shape.length > gs.length)
            throw new IllegalArgumentException("sumTo: target " + Shapes.str(shape) + " has higher rank than gradient " + Shapes.str(gs));
        int rank = gs.length, n = g.numel();
        int[] target = new int[rank];
        int lead = rank - shape.length;
        for (int i = 0; i < rank; i++) target[i] = i < lead ? 1 : shape[i - lead];
        int[] ts = Shapes.contiguousStrides(target);
        for (int i = 0; i < rank; i++) if (target[i] == 1) ts[i] = 0;
        double[] acc = new double[Shapes.numel(shape)];
        int[] gst = g.strides();
        Storage s = g.storage();
        int[] idx = new int[rank];
        long pg = g.offset();
        int pt = 0;
        for (int i = 0; i < n; i++) {
            acc[pt] += s.getFloat(pg);
            for (int d = rank - 1; d >= 0; d--) {
                pg += gst[d];
                pt += ts[d];
                if (++idx[d] < gs[d]) break;
                pg -= (long) gst[d] * gs[d];
                pt -= ts[d] * gs[d];
                idx[d] = 0;
            }
        }
        float[] out = new float[acc.length];
        for (int i = 0; i < acc.length; i++) out[i] = (float) acc[i];
        return Tensor.of(out, shape);
    }

    static Tensor sum(Tensor a, int dim, boolean keepDim) {
        int d = Shapes.dim(dim, a.dim(), "sum");
        int[] kept = a.shape();
        kept[d] = 1;
        Tensor s = sumTo(a, kept);
        return keepDim ? s : s.reshape(dropDim(a.shape(), d));
    }

    static float sumAll(Tensor a) {
        double acc = 0;
        int n = a.numel();
        Storage s = a.storage();
        for (int i = 0; i < n; i++) acc += s.getFloat(a.elementIndex(i));
        return (float) acc;
    }

    static int[] dropDim(int[] shape, int d) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != d) out[j++] = shape[i];
        return out;
    }

    // ---------------------------------------------------------------- matmul

    /**
     * NumPy matmul: a [..., M, K] times b [..., K, N] with broadcast batch dims; 1-D operands are promoted as NumPy
     * does. b may be a read-only F16/BF16 segment view (e.g. a transposed frozen weight); it is read in place.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        boolean aVec = a.dim() == 1, bVec = b.dim() == 1;
        if (a.dim() == 0 || b.dim() == 0) throw new IllegalArgumentException("matmul: operands must have at least 1 dim, got " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
        Tensor a2 = aVec ? a.unsqueeze(0) : a, b2 = bVec ? b.unsqueeze(1) : b;
        int[] as = a2.shape(), bs = b2.shape();
        int m = as[as.length - 2], k = as[as.length - 1], k2 = bs[bs.length - 2], n = bs[bs.length - 1];
        if (k != k2)
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shapes.str(a.shape()) + " @ " + Shapes.str(b.shape()) + " (" + k + " vs " + k2 + ")");
        int[] batch = Shapes.broadcast("matmul batch dims", java.util.Arrays.copyOf(as, as.length - 2), java.util.Arrays.copyOf(bs, bs.length - 2));
        int nb = Shapes.numel(batch);
        int[] aFull = concat(batch, m, k), bFull = concat(batch, k, n);
        Tensor ae = a2.expand(aFull), be = b2.expand(bFull);
        float[] out = new float[nb * m * n];
        float[] arow = new float[k];
        for (int bi = 0; bi < nb; bi++) {
            Tensor ab = batchView(ae, batch, bi), bb = batchView(be, batch, bi);
            Storage aS = ab.storage(), bS = bb.storage();
            long bo = bb.offset();
            int bsk = bb.stride(0), bsn = bb.stride(1);
            for (int i = 0; i < m; i++) {
                for (int kk = 0; kk < k; kk++) arow[kk] = aS.getFloat(ab.offset() + (long) i * ab.stride(0) + (long) kk * ab.stride(1));
                int o = bi * m * n + i * n;
                // b is read in place (never copied: it may be a frozen BF16 weight)
                for (int kk = 0; kk < k; kk++) {
                    float av = arow[kk];
                    if (av == 0f) continue;
                    long br = bo + (long) kk * bsk;
                    for (int j = 0; j < n; j++) out[o + j] += av * bS.getFloat(br + (long) j * bsn);
                }
            }
        }
        int[] outShape = concat(batch, m, n);
        Tensor r = Tensor.of(out, outShape);
        if (aVec) r = r.squeeze(r.dim() - 2);
        if (bVec) r = r.squeeze(r.dim() - 1);
        return r;
    }

    private static Tensor batchView(Tensor t, int[] batch, int flat) {
        Tensor v = t;
        int[] idx = new int[batch.length];
        for (int d = batch.length - 1; d >= 0; d--) { idx[d] = flat % batch[d]; flat /= batch[d]; }
        for (int d = 0; d < batch.length; d++) v = v.select(0, idx[d]);
        return v;
    }

    static int[] concat(int[] lead, int... tail) {
        int[] out = java.util.Arrays.copyOf(lead, lead.length + tail.length);
        System.arraycopy(tail, 0, out, lead.length, tail.length);
        return out;
    }

    /** A zero tensor of the given shape with g's slices added at the indices along dim (index_add / scatter-add). */
    static Tensor indexAdd(int[] shape, int dim, long[] index, Tensor g) {
        Tensor out = Tensor.zeros(shape);
        int[] gs = g.shape();
        if (gs[dim] != index.length)
            throw new IllegalArgumentException("indexAdd: gradient has " + gs[dim] + " slices along dim " + dim + ", index has " + index.length);
        for (int i = 0; i < index.length; i++) {
            Tensor dst = out.select(dim, (int) index[i]), src = g.select(dim, i);
            int n = dst.numel();
            float[] d = out.floatArray();
            Storage ss = src.storage();
            for (int k = 0; k < n; k++) d[(int) dst.elementIndex(k)] += ss.getFloat(src.elementIndex(k));
        }
        return out;
    }
}
