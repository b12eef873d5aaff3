package org.peft4j.autograd;

import org.junit.jupiter.api.Test;
import org.peft4j.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.*;

/** The odometer walk against the obvious element-by-element definition, on assorted views. */
class StridedCopyTest {
    @Test
    void copyAndAddMatchElementwiseDefinitionOnViews() {
        Tensor base = TestTensors.randn(1, 4, 5, 6);
        Tensor[] sources = {base, base.transpose(0, 2), base.narrow(1, 1, 3).select(2, 4), TestTensors.randn(2, 5, 1).expand(5, 7),
                TestTensors.bf16(TestTensors.randn(3, 3, 4)).transpose(0, 1), Tensor.scalar(3f)};
        for (Tensor src : sources) {
            Tensor dstBase = TestTensors.randn(4, src.shape().length == 0 ? new int[]{1} : src.shape());
            Tensor dst = src.dim() == 0 ? dstBase.reshape() : dstBase;
            float[] before = dst.toFloatArray(), s = src.toFloatArray();
            StridedCopy.add(src, dst);
            float[] after = dst.toFloatArray();
            for (int i = 0; i < s.length; i++) assertEquals(before[i] + s[i], after[i], "add " + src);
            StridedCopy.copy(src, dst);
            assertArrayEquals(s, dst.toFloatArray(), "copy " + src);
        }
        // into a strided window of a larger destination
        Tensor big = Tensor.zeros(3, 8);
        StridedCopy.copy(TestTensors.randn(5, 8, 3).transpose(0, 1), big);
        Tensor window = Tensor.zeros(4, 6);
        StridedCopy.copy(Tensor.ones(4, 2), window.narrow(1, 3, 2));
        assertArrayEquals(new float[]{0, 0, 0, 1, 1, 0}, window.select(0, 2).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> StridedCopy.copy(Tensor.ones(2, 3), Tensor.zeros(3, 2)));
    }
}
