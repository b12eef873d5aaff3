package org.peft4j.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** toFloatArray's odometer gather on strided heap views equals the element-by-element definition. */
class StridedGatherTest {
    static float[] byElement(Tensor t) {
        float[] out = new float[t.numel()];
        for (int i = 0; i < out.length; i++) out[i] = t.storage().getFloat(t.elementIndex(i));
        return out;
    }

    @Test
    void permutedNarrowedExpandedAndScalarViews() {
        Tensor a = Tensor.randn(new Random(1), 1f, 2, 3, 5, 7);
        Tensor[] views = {
                a.permute(0, 2, 1, 3), a.permute(3, 1, 0, 2), a.transpose(2, 3), a.narrow(3, 2, 4), a.narrow(1, 1, 2).permute(1, 0, 3, 2),
                a.select(2, 4), a.select(3, 0).transpose(0, 1), Tensor.of(new float[]{3f}, 1).expand(4), a.narrow(0, 1, 1).expand(3, 3, 5, 7),
                Tensor.of(new float[]{1, 2, 3}, 3).select(0, 2)};
        for (Tensor v : views) assertArrayEquals(byElement(v), v.toFloatArray(), java.util.Arrays.toString(v.shape()));
    }
}
