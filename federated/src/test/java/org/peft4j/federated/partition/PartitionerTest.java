package org.peft4j.federated.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    private static int[] labels(int n, int classes, long seed) {
        Random r = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(classes);
        return y;
    }

    /** Every index 0..n-1 in exactly one client. */
    private static void assertExactCover(Partition p, int n) {
        int[] seen = new int[n];
        for (int c = 0; c < p.clientCount(); c++) {
            int[] idx = p.indices(c);
            for (int k = 1; k < idx.length; k++) assertTrue(idx[k - 1] < idx[k], "indices ascending");
            for (int i : idx) seen[i]++;
        }
        for (int i = 0; i < n; i++) assertEquals(1, seen[i], "index " + i);
    }

    private static boolean samePartition(Partition a, Partition b) {
        if (a.clientCount() != b.clientCount()) return false;
        for (int c = 0; c < a.clientCount(); c++) if (!Arrays.equals(a.indices(c), b.indices(c))) return false;
        return true;
    }

    @Test
    void iidIsBalancedCompleteAndSeeded() {
        Partition p = Partitioner.iid(103, 10, 0);
        assertExactCover(p, 103);
        for (int s : p.sizes()) assertTrue(s == 10 || s == 11);
        assertEquals(3, Arrays.stream(p.sizes()).filter(s -> s == 11).count());
        assertTrue(samePartition(p, Partitioner.iid(103, 10, 0)));
        assertFalse(samePartition(p, Partitioner.iid(103, 10, 1)));
    }

    /** Mean over clients of the share of the client's most frequent class: 1/classes when balanced, 1 when one-class. */
    private static double dominance(Partition p, int[] y, int classes) {
        LabelHistogram h = LabelHistogram.of(p, y, List.of("0", "1", "2", "3").subList(0, classes));
        double acc = 0;
        int counted = 0;
        for (int c = 0; c < p.clientCount(); c++) {
            long[] row = h.row(c);
            long total = Arrays.stream(row).sum();
            if (total == 0) continue;
            acc += (double) Arrays.stream(row).max().getAsLong() / total;
            counted++;
        }
        return acc / counted;
    }

    @Test
    void dirichletSkewGrowsAsAlphaShrinks() {
        int[] y = labels(4000, 4, 3);
        Partition skewed = Partitioner.dirichletLabels(y, 10, 0.1, 0, 1);
        Partition mild = Partitioner.dirichletLabels(y, 10, 1.0, 0, 1);
        Partition flat = Partitioner.dirichletLabels(y, 10, 1000.0, 0, 1);
        for (Partition p : List.of(skewed, mild, flat)) assertExactCover(p, y.length);
        double ds = dominance(skewed, y, 4), dm = dominance(mild, y, 4), df = dominance(flat, y, 4);
        assertTrue(ds > dm && dm > df, "dominance " + ds + " > " + dm + " > " + df);
        assertTrue(df < 0.30, "alpha=1000 is close to the global 25% per class, got " + df);
        assertTrue(ds > 0.6, "alpha=0.1 leaves most clients dominated by one class, got " + ds);
        assertTrue(samePartition(skewed, Partitioner.dirichletLabels(y, 10, 0.1, 0, 1)));
        assertFalse(samePartition(skewed, Partitioner.dirichletLabels(y, 10, 0.1, 1, 1)));
    }

    @Test
    void minimumSizeIsHonouredOrRefused() {
        int[] y = labels(500, 2, 4);
        Partition p = Partitioner.dirichletLabels(y, 5, 0.5, 0, 20);
        for (int s : p.sizes()) assertTrue(s >= 20, "size " + s);
        assertThrows(IllegalArgumentException.class, () -> Partitioner.dirichletLabels(y, 5, 0.5, 0, 101));
        assertThrows(IllegalArgumentException.class, () -> Partitioner.dirichletLabels(y, 5, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Partitioner.iid(10, 0, 0));
    }

    @Test
    void quantitySkewVariesSizesOnly() {
        Partition p = Partitioner.quantitySkew(1000, 8, 0.5, 0, 5);
        assertExactCover(p, 1000);
        int[] s = p.sizes();
        for (int v : s) assertTrue(v >= 5);
        assertTrue(Arrays.stream(s).max().getAsInt() > 3 * Arrays.stream(s).min().getAsInt(), "alpha=0.5 sizes differ widely: " + Arrays.toString(s));
        int[] flat = Partitioner.quantitySkew(1000, 8, 1e5, 0, 5).sizes();
        for (int v : flat) assertTrue(Math.abs(v - 125) <= 5, "alpha=1e5 sizes near 125: " + Arrays.toString(flat));
        assertArrayEquals(s, Partitioner.quantitySkew(1000, 8, 0.5, 0, 5).sizes());
    }

    @Test
    void gammaAndDirichletMomentsMatchTheory() {
        Dirichlet d = new Dirichlet(new Random(11));
        for (double a : new double[]{0.3, 1.0, 4.5}) {
            int n = 200_000;
            double sum = 0, sq = 0;
            for (int i = 0; i < n; i++) {
                double g = d.gamma(a);
                sum += g;
                sq += g * g;
            }
            double mean = sum / n, var = sq / n - mean * mean;
            // Gamma(a, 1): mean a, variance a; 200k draws put the standard error near 0.3% of sqrt(a)
            assertEquals(a, mean, 0.02 * Math.max(1, a), "mean for alpha " + a);
            assertEquals(a, var, 0.05 * Math.max(1, a), "variance for alpha " + a);
        }
        int k = 5, n = 100_000;
        double alpha = 0.5, s0 = 0, q0 = 0;
        for (int i = 0; i < n; i++) {
            double[] p = d.sample(alpha, k);
            assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
            s0 += p[0];
            q0 += p[0] * p[0];
        }
        double m = s0 / n, v = q0 / n - m * m;
        assertEquals(0.2, m, 0.005);
        assertEquals(0.2 * 0.8 / (k * alpha + 1), v, 0.004); // Dir(α·1): Var = (1/k)(1−1/k)/(kα+1) = 0.0457
    }
}
