package org.peft4j.autograd;

import org.junit.jupiter.api.Test;
import org.peft4j.tensor.AllocationTracker;
import org.peft4j.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.*;
import static org.peft4j.autograd.TestTensors.*;

/** A frozen BF16 weight is read in place: forward + backward never allocate an fp32 copy of it. */
class FrozenWeightAllocationTest {
    @Test
    void linearThroughFrozenBf16WeightAllocatesNoFp32Copy() {
        int out = 96, in = 128, rows = 6;
        Tensor wValues = randn(1, out, in);
        Tensor w = bf16(wValues);
        Var weight = new Var(w);                       // frozen: requiresGrad false
        Var bias = Var.leaf(randn(2, out));
        Var x = Var.leaf(randn(3, rows, in));
        Tensor seed = randn(4, rows, out);
        long weightFp32Bytes = 4L * w.numel();

        AllocationTracker.resetLargest();
        Var y = F.linear(x, weight, bias);
        y.backward(seed);
        long largest = AllocationTracker.largestSince();

        assertTrue(largest < weightFp32Bytes, "largest allocation " + largest + " bytes during forward+backward; an fp32 copy of the "
                + out + "x" + in + " weight would be " + weightFp32Bytes);
        assertNull(weight.grad(), "a frozen weight gets no gradient");

        // and the numbers are right: compare with the same computation on an fp32 copy made afterwards
        Var wCopy = new Var(w.toF32());
        Var x2 = Var.leaf(x.value());
        Var b2 = Var.leaf(bias.value());
        Var y2 = F.linear(x2, wCopy, b2);
        y2.backward(seed);
        y.value().assertAllClose(y2.value(), 1e-5, 1e-5);
        x.grad().assertAllClose(x2.grad(), 1e-5, 1e-5);
        bias.grad().assertAllClose(b2.grad(), 1e-5, 1e-5);
    }
}
