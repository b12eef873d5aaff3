package org.peft4j.finetune.metrics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Values worked out by hand in the comments (and equal to scikit-learn / scipy on the same input). */
class ClassificationAndRegressionMetricsTest {
    // gold:      1 1 1 1 0 0 0 0 1 0
    // predicted: 1 1 1 0 0 0 1 0 1 1
    // TP = 4 (0,1,2,8), FN = 1 (3), FP = 2 (6,9), TN = 3 (4,5,7)
    private static final int[] GOLD = {1, 1, 1, 1, 0, 0, 0, 0, 1, 0};
    private static final int[] PRED = {1, 1, 1, 0, 0, 0, 1, 0, 1, 1};

    @Test
    void binary() {
        assertEquals(0.7, ClassificationMetrics.accuracy(PRED, GOLD), 1e-15);
        // F1 = 2TP / (2TP + FP + FN) = 8 / 11
        assertEquals(8.0 / 11, ClassificationMetrics.binaryF1(PRED, GOLD), 1e-15);
        // MCC = (TP*TN - FP*FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) = (12 - 2) / sqrt(6*5*5*4) = 10 / sqrt(600)
        assertEquals(10 / Math.sqrt(600), ClassificationMetrics.matthews(PRED, GOLD), 1e-15);
        // Negative class: TP' = 3, FP' = 1, FN' = 2 -> 6 / 9; macro = (8/11 + 2/3) / 2
        assertEquals((8.0 / 11 + 2.0 / 3) / 2, ClassificationMetrics.macroF1(PRED, GOLD), 1e-15);
    }

    @Test
    void undefinedCasesFollowScikitLearn() {
        int[] zeros = {0, 0, 0};
        assertEquals(0.0, ClassificationMetrics.matthews(zeros, new int[] {0, 1, 0}));
        assertEquals(0.0, ClassificationMetrics.binaryF1(zeros, zeros));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.accuracy(new int[1], new int[2]));
    }

    @Test
    void multiclassMatthewsAndMacroF1() {
        int[] gold = {0, 1, 2, 0, 1, 2};
        int[] pred = {0, 2, 1, 0, 0, 2};
        // Confusion (rows gold, cols pred): [[2,0,0],[1,0,1],[0,1,1]]; correct c = 3, n = 6,
        // t = (2,2,2), p = (3,1,2): cov = 3*6 - (6+2+4) = 6; sqrt(36 - 14) * sqrt(36 - 12)
        assertEquals(6 / (Math.sqrt(22) * Math.sqrt(24)), ClassificationMetrics.matthews(pred, gold), 1e-15);
        // F1 per class: c0 = 2*2/(4+1+0) = 0.8, c1 = 0, c2 = 2*1/(2+1+1) = 0.5
        assertEquals((0.8 + 0 + 0.5) / 3, ClassificationMetrics.macroF1(pred, gold), 1e-15);
    }

    @Test
    void pearsonAndSpearman() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 5, 4, 5};
        // means 3 and 4; dx = -2..2, dy = (-2,0,1,0,1): sxy = 4+0+0+0+2 = 6, sxx = 10, syy = 6
        assertEquals(6 / Math.sqrt(60), RegressionMetrics.pearson(x, y), 1e-15);
        // ranks of y with ties averaged: 2 -> 1, 4,4 -> 2.5, 5,5 -> 4.5
        assertArrayEquals(new double[] {1, 2.5, 4.5, 2.5, 4.5}, RegressionMetrics.ranks(y));
        // Spearman = Pearson(1..5, ranks): rank mean 3, dy = (-2,-0.5,1.5,-0.5,1.5): sxy = 4+0.5+0-0.5+3 = 7, syy = 4+.25+2.25+.25+2.25 = 9
        assertEquals(7 / Math.sqrt(10 * 9), RegressionMetrics.spearman(x, y), 1e-15);
        assertTrue(Double.isNaN(RegressionMetrics.pearson(x, new double[] {3, 3, 3, 3, 3})));
        assertEquals(-1.0, RegressionMetrics.spearman(x, new double[] {50, 40, 30, 20, 10}), 1e-15);
    }
}
