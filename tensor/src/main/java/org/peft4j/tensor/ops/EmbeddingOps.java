package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.Embedding;
import org.peft4j.kernels.cpu.FloatFormat;
import org.peft4j.tensor.FloatStorage;
import org.peft4j.tensor.SegmentStorage;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

/** Embedding gather from a [V, H] table of any float dtype, and its dense scatter-add gradient. */
final class EmbeddingOps {
    private EmbeddingOps() {}

    static Tensor embedding(Tensor weight, Tensor ids) {
        long t0 = Trace.begin();
        String op = "embedding";
        Args.nonNull(op, "weight", weight);
        if (weight.dim() != 2) throw new IllegalArgumentException(op + ": expected weight of shape [V, H], got " + Shapes.str(weight.shape()));
        if (!weight.dtype().isFloating())
            throw new IllegalArgumentException(op + ": weight must be F32, F16 or BF16, got " + weight.dtype());
        long[] idx = Args.ids(op, "ids", ids);
        int v = weight.size(0), h = weight.size(1);
        Tensor out = Tensor.zeros(Args.append(ids.shape(), h));
        if (weight.storage() instanceof SegmentStorage seg && weight.isContiguous() && format(weight) != null) {
            FloatFormat f = format(weight);
            long bytes = (long) weight.offset() * f.byteSize();
            Embedding.gather(seg.segment().asSlice(bytes, (long) v * h * f.byteSize()), f, v, h, idx, 0, idx.length, out.floatArray(), 0);
        } else {
            Tensor w = weight.storage() instanceof FloatStorage && weight.isContiguous() ? weight : weight.toF32();
            Embedding.gather(w.floatArray(), w.offset(), v, h, idx, 0, idx.length, out.floatArray(), 0);
        }
        // Only the gathered rows of the table are read: count those, not the whole [V, H] table.
        if (t0 != Trace.OFF)
            Trace.recordBytes(t0, op, 0, (long) out.numel() * (weight.dtype().byteSize() + 4) + (long) idx.length * ids.dtype().byteSize(), out, weight, ids);
        return out;
    }

    private static FloatFormat format(Tensor w) {
        return switch (w.dtype()) {
            case F32 -> FloatFormat.F32;
            case F16 -> FloatFormat.F16;
            case BF16 -> FloatFormat.BF16;
            default -> null;
        };
    }

    static Tensor embeddingBackward(Tensor gradOut, Tensor ids, int vocab) {
        long t0 = Trace.begin();
        String op = "embedding_backward";
        long[] idx = Args.ids(op, "ids", ids);
        Tensor g = Args.f32Contiguous(op, "gradOut", gradOut);
        int[] gs = g.shape();
        if (gs.length != ids.dim() + 1 || !java.util.Arrays.equals(Args.leading(g), ids.shape()))
            throw new IllegalArgumentException(op + ": expected gradOut of shape " + Shapes.str(ids.shape()) + " + [H], got " + Shapes.str(gs));
        int h = gs[gs.length - 1];
        Tensor dw = Tensor.zeros(vocab, h);
        Embedding.scatterAdd(g.floatArray(), g.offset(), h, idx, 0, idx.length, dw.floatArray(), 0, vocab);
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(g, 1), dw, gradOut, ids);
        return dw;
    }
}
