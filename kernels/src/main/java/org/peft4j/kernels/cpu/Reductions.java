package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sum and max of a strided view into an output view that has stride 0 along the reduced dims (so one kernel
 * serves sum along a dim, sum over all, and un-broadcasting sumTo), and argmax along one dim. Reducing the
 * innermost dim uses vector row reductions; reducing an outer dim accumulates whole contiguous rows.
 */
public final class Reductions {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Reductions() {}

    static int check(String op, int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff, int[] outStrides) {
        int n = Strided.numel(op, sizes);
        Strided.checkView(op, "x", x.length, xOff, sizes, xStrides);
        Strided.checkView(op, "out", out.length, outOff, sizes, outStrides);
        return n;
    }

    static int checkArgmax(int[] sizes, int dim, float[] x, int xOff, int[] xStrides, long[] out, int outOff) {
        int n = Strided.numel("argmax", sizes);
        if (dim < 0 || dim >= sizes.length)
            throw new IllegalArgumentException("argmax: dim " + dim + " out of range for sizes " + java.util.Arrays.toString(sizes));
        if (sizes[dim] == 0 && n == 0 && Strided.numel("argmax", keptSizes(sizes, dim)) > 0)
            throw new IllegalArgumentException("argmax: dim " + dim + " of sizes " + java.util.Arrays.toString(sizes) + " is empty");
        Strided.checkView("argmax", "x", x.length, xOff, sizes, xStrides);
        Strided.checkRange("argmax", "out", out.length, outOff, Strided.numel("argmax", keptSizes(sizes, dim)));
        return n;
    }

    static int[] keptSizes(int[] sizes, int dim) {
        int[] k = new int[sizes.length - 1];
        for (int i = 0, j = 0; i < sizes.length; i++) if (i != dim) k[j++] = sizes[i];
        return k;
    }

    /** Sets each distinct element of the out view to the sum of the x elements mapped onto it. */
    public static void sum(int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff, int[] outStrides) {
        check("sum", sizes, x, xOff, xStrides, out, outOff, outStrides);
        reduce(false, sizes, x, xOff, xStrides, out, outOff, outStrides);
    }

    /** Sets each distinct element of the out view to the mean of the x elements mapped onto it (NaN for none). */
    public static void mean(int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff, int[] outStrides) {
        int n = check("mean", sizes, x, xOff, xStrides, out, outOff, outStrides);
        reduce(false, sizes, x, xOff, xStrides, out, outOff, outStrides);
        int[] distinct = distinctSizes(sizes, outStrides);
        int count = Strided.numel("mean", distinct);
        if (count == 0) return;
        float per = n / count; // elements folded onto each output (0 for an empty dim: 0/0 gives NaN)
        StridedRows rows = new StridedRows(distinct, new int[]{outOff}, outStrides);
        for (int r = 0; r < rows.rows; r++, rows.next())
            for (int i = 0, p = rows.offsets[0]; i < rows.rowLength; i++, p += rows.innerStrides[0]) out[p] /= per;
    }

    /** Sets each distinct element of the out view to the max of the x elements mapped onto it (NaN propagates). */
    public static void max(int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff, int[] outStrides) {
        int n = check("max", sizes, x, xOff, xStrides, out, outOff, outStrides);
        if (n == 0 && Strided.numel("max", distinctSizes(sizes, outStrides)) > 0)
            throw new IllegalArgumentException("max: reducing an empty dim of sizes " + java.util.Arrays.toString(sizes) + " has no identity");
        reduce(true, sizes, x, xOff, xStrides, out, outOff, outStrides);
    }

    static int[] distinctSizes(int[] sizes, int[] outStrides) {
        int[] k = sizes.clone();
        for (int i = 0; i < k.length; i++) if (outStrides[i] == 0) k[i] = 1;
        return k;
    }

    private static void reduce(boolean isMax, int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff, int[] outStrides) {
        float identity = isMax ? Float.NEGATIVE_INFINITY : 0f;
        StridedRows init = new StridedRows(distinctSizes(sizes, outStrides), new int[]{outOff}, outStrides);
        for (int r = 0; r < init.rows; r++, init.next())
            for (int i = 0, p = init.offsets[0]; i < init.rowLength; i++, p += init.innerStrides[0]) out[p] = identity;
        if (Strided.numel("reduce", sizes) == 0) return;

        StridedRows rows = new StridedRows(sizes, new int[]{xOff, outOff}, xStrides, outStrides);
        int m = rows.rowLength, xs = rows.innerStrides[0], os = rows.innerStrides[1];
        for (int r = 0; r < rows.rows; r++, rows.next()) {
            int xo = rows.offsets[0], oo = rows.offsets[1];
            if (os == 0) {
                float v = xs == 1 ? (isMax ? rowMax(x, xo, m) : rowSum(x, xo, m)) : stridedReduce(isMax, x, xo, xs, m);
                out[oo] = isMax ? Math.max(out[oo], v) : out[oo] + v;
            } else if (xs == 1 && os == 1) {
                accumulateRow(isMax, x, xo, out, oo, m);
            } else {
                for (int i = 0; i < m; i++) {
                    float v = x[xo + i * xs];
                    int p = oo + i * os;
                    out[p] = isMax ? Math.max(out[p], v) : out[p] + v;
                }
            }
        }
    }

    private static float stridedReduce(boolean isMax, float[] x, int xo, int xs, int m) {
        float acc = isMax ? Float.NEGATIVE_INFINITY : 0f;
        for (int i = 0, p = xo; i < m; i++, p += xs) acc = isMax ? Math.max(acc, x[p]) : acc + x[p];
        return acc;
    }

    private static void accumulateRow(boolean isMax, float[] x, int xo, float[] out, int oo, int m) {
        int i = 0;
        int u = S.loopBound(m);
        if (isMax) {
            for (; i < u; i += L) FloatVector.fromArray(S, out, oo + i).max(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
            for (; i < m; i++) out[oo + i] = Math.max(out[oo + i], x[xo + i]);
        } else {
            for (; i < u; i += L) FloatVector.fromArray(S, out, oo + i).add(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
            for (; i < m; i++) out[oo + i] += x[xo + i];
        }
    }

    /** Rows longer than this are summed block by block, the block sums added in double (a cascade sum). */
    private static final int SUM_BLOCK = 4096;

    /**
     * Sum of m contiguous floats: four vector accumulators within blocks of 4096, block sums in double, so the
     * rounding error stays near that of a 64-element float sum however long the row.
     */
    public static float rowSum(float[] x, int xo, int m) {
        if (m <= SUM_BLOCK) return blockSum(x, xo, m);
        double s = 0;
        for (int b = 0; b < m; b += SUM_BLOCK) s += blockSum(x, xo + b, Math.min(SUM_BLOCK, m - b));
        return (float) s;
    }

    private static float blockSum(float[] x, int xo, int m) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int u = m - 4 * L; i <= u; i += 4 * L) {
            a0 = a0.add(FloatVector.fromArray(S, x, xo + i));
            a1 = a1.add(FloatVector.fromArray(S, x, xo + i + L));
            a2 = a2.add(FloatVector.fromArray(S, x, xo + i + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, x, xo + i + 3 * L));
        }
        for (int u = S.loopBound(m); i < u; i += L) a0 = a0.add(FloatVector.fromArray(S, x, xo + i));
        float s = VectorMath.sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; i < m; i++) s += x[xo + i];
        return s;
    }

    /** Max of m contiguous floats (NaN if any is NaN, -inf when m == 0). */
    public static float rowMax(float[] x, int xo, int m) {
        FloatVector a0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY), a1 = a0;
        int i = 0;
        for (int u = m - 2 * L; i <= u; i += 2 * L) {
            a0 = a0.max(FloatVector.fromArray(S, x, xo + i));
            a1 = a1.max(FloatVector.fromArray(S, x, xo + i + L));
        }
        for (int u = S.loopBound(m); i < u; i += L) a0 = a0.max(FloatVector.fromArray(S, x, xo + i));
        float s = a0.max(a1).reduceLanes(VectorOperators.MAX);
        for (; i < m; i++) s = Math.max(s, x[xo + i]);
        return s;
    }

    /**
     * Index along dim of the largest element, first occurrence on ties, first NaN if any; out is contiguous over
     * the sizes without dim.
     */
    public static void argmax(int[] sizes, int dim, float[] x, int xOff, int[] xStrides, long[] out, int outOff) {
        checkArgmax(sizes, dim, x, xOff, xStrides, out, outOff);
        int[] kept = keptSizes(sizes, dim);
        if (Strided.numel("argmax", kept) == 0) return;
        int[] keptStrides = keptSizes(xStrides, dim);
        int n = sizes[dim], s = xStrides[dim];
        for (int j = 0, count = Strided.numel("argmax", kept); j < count; j++) {
            int base = Strided.offsetOf(j, xOff, kept, keptStrides);
            float best = s == 1 ? rowMax(x, base, n) : stridedReduce(true, x, base, s, n);
            long at = 0;
            if (s == 1 && !Float.isNaN(best)) at = Softmax.firstIndexOf(x, base, n, best);
            else for (int i = 0, p = base; i < n; i++, p += s) {
                float v = x[p];
                if (v == best || (Float.isNaN(best) && Float.isNaN(v))) { at = i; break; }
            }
            out[outOff + j] = at;
        }
    }
}
