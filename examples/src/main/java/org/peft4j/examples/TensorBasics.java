package org.peft4j.examples;

import java.util.Arrays;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Linalg;
import org.peft4j.tensor.ops.Ops;

/**
 * Tensors in peft4j: a Tensor is a <i>view</i> (shape, strides, offset) over a flat storage. Views share memory;
 * ops allocate fresh contiguous results. Run: {@code examples/run.sh TensorBasics}
 */
public final class TensorBasics {
    private TensorBasics() {}

    public static void main(String[] args) {
        // A 2x3 matrix over six floats, stored row by row: element [i, j] sits at i*3 + j.
        Tensor a = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        System.out.println("a = " + a + ", shape " + Arrays.toString(a.shape()) + ", strides " + Arrays.toString(a.strides()));

        // transpose() swaps shape AND strides: no data moves. [j, i] now reads element i*3 + j.
        Tensor at = a.transpose(0, 1);
        System.out.println("a^T shape " + Arrays.toString(at.shape()) + ", strides " + Arrays.toString(at.strides())
                + ", contiguous? " + at.isContiguous());

        // Because a view shares storage, writing through the original shows up in the view.
        a.set(100f, 0, 1);
        System.out.println("after a[0,1] = 100: a^T[1,0] = " + at.get(1, 0));
        a.set(2f, 0, 1);

        // contiguous() copies only when the layout requires it; narrow() selects a range along one dim, still a view.
        System.out.println("a^T.contiguous() strides " + Arrays.toString(at.contiguous().strides()));
        System.out.println("a.narrow(1, 1, 2) = " + Arrays.toString(a.narrow(1, 1, 2).toFloatArray()));

        // Broadcasting, as NumPy: [2,3] + [3] adds the row vector to every row.
        Tensor bias = Tensor.of(new float[]{10, 20, 30}, 3);
        Tensor sum = Ops.add(a, bias);
        System.out.println("a + [10,20,30] = " + Arrays.toString(sum.toFloatArray()));
        // sumTo undoes a broadcast: the gradient of that add w.r.t. bias is the column sums of the upstream gradient.
        System.out.println("sumTo(a, [3]) = " + Arrays.toString(Ops.sumTo(a, 3).toFloatArray()));

        // Matrix product (2x3)(3x2) -> 2x2; the transposed view is read in place by the GEMM, never copied.
        Tensor p = Linalg.matmul(a, at);
        System.out.println("a @ a^T = " + Arrays.toString(p.toFloatArray()) + " shape " + Arrays.toString(p.shape()));

        // A linear layer y = x W^T + b with W stored [out, in] as in Hugging Face checkpoints.
        Tensor w = Tensor.of(new float[]{1, 0, 0, 0, 1, 0}, 2, 3);
        System.out.println("linear(a, W, null) = " + Arrays.toString(Linalg.linear(a, w, null).toFloatArray()));

        // Softmax over the last dim: every row becomes a probability distribution.
        Tensor probs = Ops.softmax(a);
        float row0 = probs.get(0, 0) + probs.get(0, 1) + probs.get(0, 2);
        System.out.printf("softmax(a) row 0 = %s, sums to %.6f%n", Arrays.toString(probs.narrow(0, 0, 1).toFloatArray()), row0);
    }
}
