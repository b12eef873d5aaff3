package org.peft4j.kernels.cpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CrossEntropyTest {
    @Test
    void lossAndGradientMatchReference() {
        Random rng = new Random(19);
        for (int classes : Close.SIZES)
            for (float smoothing : new float[]{0f, 0.1f})
                for (boolean mean : new boolean[]{true, false}) {
                    int rows = 6;
                    float[] logits = Close.gaussian(rng, rows * classes, 3f);
                    long[] targets = new long[rows];
                    for (int r = 0; r < rows; r++) targets[r] = r == 2 ? -100 : rng.nextInt(classes);
                    float[] got = new float[rows * classes], want = new float[rows * classes];
                    float l = CrossEntropy.crossEntropy(rows, classes, logits, 0, targets, 0, -100, smoothing, mean, got, 0);
                    float lr = CrossEntropyReference.crossEntropy(rows, classes, logits, 0, targets, 0, -100, smoothing, mean, want, 0);
                    String what = "cross_entropy C=" + classes + " eps=" + smoothing + " mean=" + mean;
                    Close.assertClose(what + " loss", lr, l, 1e-5, 1e-7);
                    Close.assertClose(what + " dlogits", want, got, 1e-5, 1e-7);
                }
    }

    @Test
    void confidentPredictionsKeepTheirSmallLossAndGradient() {
        float[] logits = {20f, 0f, 0f, 0f, 20f, 3f, -4f, 1f};
        long[] targets = {0, 0};
        float[] got = new float[8], want = new float[8];
        float l = CrossEntropy.crossEntropy(2, 4, logits, 0, targets, 0, -100, 0f, false, got, 0);
        float lr = CrossEntropyReference.crossEntropy(2, 4, logits, 0, targets, 0, -100, 0f, false, want, 0);
        Close.assertClose("loss", lr, l, 1e-5, 0);
        Close.assertClose("dlogits", want, got, 1e-5, 0);
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheReferenceLoss() {
        Random rng = new Random(20);
        int rows = 3, classes = 5;
        float[] logits = Close.gaussian(rng, rows * classes, 1f);
        long[] targets = {4, 1, 1};
        float[] d = new float[rows * classes];
        CrossEntropy.crossEntropy(rows, classes, logits, 0, targets, 0, -100, 0.2f, true, d, 0);
        double h = 1e-3;
        for (int i = 0; i < logits.length; i++) {
            float[] p = logits.clone(), m = logits.clone();
            p[i] += (float) h;
            m[i] -= (float) h;
            double step = (double) p[i] - m[i];
            double fd = (CrossEntropyReference.crossEntropy(rows, classes, p, 0, targets, 0, -100, 0.2f, true, null, 0)
                    - CrossEntropyReference.crossEntropy(rows, classes, m, 0, targets, 0, -100, 0.2f, true, null, 0)) / step;
            assertEquals(fd, d[i], 2e-4, "dlogits[" + i + "]");
        }
    }

    @Test
    void allIgnoredGivesZeroAndSumReductionScales() {
        float[] logits = new float[6], d = new float[6];
        assertEquals(0f, CrossEntropy.crossEntropy(2, 3, logits, 0, new long[]{-1, -1}, 0, -1, 0f, true, d, 0));
        assertArrayEquals(new float[6], d);
        float sum = CrossEntropy.crossEntropy(2, 3, logits, 0, new long[]{0, 2}, 0, -100, 0f, false, d, 0);
        assertEquals(2 * Math.log(3), sum, 1e-6);
    }

    @Test
    void badTargetsAndArguments() {
        float[] logits = new float[6];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.crossEntropy(2, 3, logits, 0, new long[]{0, 3}, 0, -100, 0f, true, null, 0));
        assertTrue(e.getMessage().contains("target 3 at row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CrossEntropy.crossEntropy(2, 3, logits, 0, new long[]{0, 1}, 0, -100, 1.5f, true, null, 0));
        assertThrows(IllegalArgumentException.class, () -> CrossEntropy.crossEntropy(3, 3, logits, 0, new long[]{0, 1, 1}, 0, -100, 0f, true, null, 0));
        assertThrows(IllegalArgumentException.class, () -> CrossEntropy.crossEntropy(2, 3, logits, 0, new long[]{0, 1}, 0, -100, 0f, true, new float[5], 0));
    }
}
