package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.CrossEntropy;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

/** Cross-entropy over the last dim of logits [..., C] against integer targets [...]. */
final class LossOps {
    private LossOps() {}

    static CrossEntropyResult crossEntropy(Tensor logits, Tensor targets, long ignoreIndex, float labelSmoothing, boolean mean) {
        long t0 = Trace.begin();
        String op = "cross_entropy";
        Tensor fl = Args.f32Contiguous(op, "logits", logits);
        Args.minRank(op, "logits", fl, 1);
        long[] t = Args.ids(op, "targets", targets);
        if (!java.util.Arrays.equals(Args.leading(fl), targets.shape()))
            throw new IllegalArgumentException(op + ": expected targets of shape " + Shapes.str(Args.leading(fl)) + " for logits of shape "
                    + Shapes.str(fl.shape()) + ", got " + Shapes.str(targets.shape()));
        int c = fl.size(-1), rows = t.length;
        Tensor dlogits = Tensor.zeros(fl.shape());
        float loss = CrossEntropy.crossEntropy(rows, c, fl.floatArray(), fl.offset(), t, 0, ignoreIndex, labelSmoothing, mean, dlogits.floatArray(), 0);
        Tensor l = Tensor.zeros(new int[0]);
        l.floatArray()[0] = loss;
        if (t0 != Trace.OFF) Trace.record(t0, op, OpCost.perElement(fl, 6), new Tensor[]{l, dlogits}, logits, targets);
        return new CrossEntropyResult(l, dlogits);
    }
}
