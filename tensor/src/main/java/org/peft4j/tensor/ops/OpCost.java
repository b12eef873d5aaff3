package org.peft4j.tensor.ops;

import org.peft4j.kernels.cpu.UnaryOp;
import org.peft4j.tensor.Tensor;

/** FLOP counts of the ops for the tracer, by the convention in {@link org.peft4j.tensor.trace}'s package documentation. */
final class OpCost {
    private OpCost() {}

    static long perElement(Tensor t, int flops) { return (long) t.numel() * flops; }

    static int unary(UnaryOp op) {
        return switch (op) {
            case SIGMOID -> 3;
            case RSQRT -> 2;
            default -> 1;
        };
    }

    /** 2·m·n·k for each of the items products of an output [..., m, n] with inner dimension k. */
    static long matmul(Tensor out, int k) { return 2L * out.numel() * k; }
}
