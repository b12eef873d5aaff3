package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise unary and binary functions and where(), over strided views with broadcasting (stride 0),
 * vectorised with the preferred species. The output is contiguous over sizes. Rows whose inner stride is not
 * 1 are gathered into a scratch row first, so each op needs only one contiguous vector loop.
 * Each op has its own loop because a switch inside a vector loop defeats the JIT's unboxing of vectors.
 */
public final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Elementwise() {}

    // ---------------------------------------------------------------- argument checks (shared with the reference)

    static int checkUnary(UnaryOp op, int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff) {
        String name = op.label();
        int n = Strided.numel(name, sizes);
        Strided.checkView(name, "x", x.length, xOff, sizes, xStrides);
        Strided.checkRange(name, "out", out.length, outOff, n);
        return n;
    }

    static int checkBinary(BinaryOp op, int[] sizes, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides, float[] out, int outOff) {
        String name = op.label();
        int n = Strided.numel(name, sizes);
        Strided.checkView(name, "a", a.length, aOff, sizes, aStrides);
        Strided.checkView(name, "b", b.length, bOff, sizes, bStrides);
        Strided.checkRange(name, "out", out.length, outOff, n);
        return n;
    }

    static int checkWhere(int[] sizes, float[] cond, int cOff, int[] cStrides, float[] a, int aOff, int[] aStrides,
                          float[] b, int bOff, int[] bStrides, float[] out, int outOff) {
        int n = Strided.numel("where", sizes);
        Strided.checkView("where", "cond", cond.length, cOff, sizes, cStrides);
        Strided.checkView("where", "a", a.length, aOff, sizes, aStrides);
        Strided.checkView("where", "b", b.length, bOff, sizes, bStrides);
        Strided.checkRange("where", "out", out.length, outOff, n);
        return n;
    }

    // ---------------------------------------------------------------- drivers

    public static void unary(UnaryOp op, int[] sizes, float[] x, int xOff, int[] xStrides, float[] out, int outOff) {
        int n = checkUnary(op, sizes, x, xOff, xStrides, out, outOff);
        if (n == 0) return;
        int[] cs = Strided.contiguousStrides(sizes);
        inPieces(() -> new StridedRows(sizes, new int[]{xOff, outOff}, xStrides, cs), (rows, r0, r1, c0, c1) -> {
            Input in = new Input(x, rows.innerStrides[0], rows.rowLength);
            for (int r = r0; r < r1; r++, rows.next())
                for (int c = c0; c < c1; c += CHUNK) {
                    int len = Math.min(CHUNK, c1 - c);
                    in.load(rows.offsets[0], c, len);
                    unaryRow(op, in.chunk, in.chunkOff, out, rows.offsets[1] + c, len);
                }
        });
    }

    public static void binary(BinaryOp op, int[] sizes, float[] a, int aOff, int[] aStrides,
                              float[] b, int bOff, int[] bStrides, float[] out, int outOff) {
        int n = checkBinary(op, sizes, a, aOff, aStrides, b, bOff, bStrides, out, outOff);
        if (n == 0) return;
        int[] cs = Strided.contiguousStrides(sizes);
        inPieces(() -> new StridedRows(sizes, new int[]{aOff, bOff, outOff}, aStrides, bStrides, cs), (rows, r0, r1, c0, c1) -> {
            Input ia = new Input(a, rows.innerStrides[0], rows.rowLength), ib = new Input(b, rows.innerStrides[1], rows.rowLength);
            for (int r = r0; r < r1; r++, rows.next())
                for (int c = c0; c < c1; c += CHUNK) {
                    int len = Math.min(CHUNK, c1 - c);
                    ia.load(rows.offsets[0], c, len);
                    ib.load(rows.offsets[1], c, len);
                    binaryRow(op, ia.chunk, ia.chunkOff, ib.chunk, ib.chunkOff, out, rows.offsets[2] + c, len);
                }
        });
    }

    /** out = cond != 0 ? a : b, all three broadcast to sizes. */
    public static void where(int[] sizes, float[] cond, int cOff, int[] cStrides, float[] a, int aOff, int[] aStrides,
                             float[] b, int bOff, int[] bStrides, float[] out, int outOff) {
        int n = checkWhere(sizes, cond, cOff, cStrides, a, aOff, aStrides, b, bOff, bStrides, out, outOff);
        if (n == 0) return;
        int[] cs = Strided.contiguousStrides(sizes);
        inPieces(() -> new StridedRows(sizes, new int[]{cOff, aOff, bOff, outOff}, cStrides, aStrides, bStrides, cs), (rows, r0, r1, c0, c1) -> {
            int m = rows.rowLength;
            Input ic = new Input(cond, rows.innerStrides[0], m), ia = new Input(a, rows.innerStrides[1], m), ib = new Input(b, rows.innerStrides[2], m);
            for (int r = r0; r < r1; r++, rows.next())
                for (int c = c0; c < c1; c += CHUNK) {
                    int len = Math.min(CHUNK, c1 - c);
                    ic.load(rows.offsets[0], c, len);
                    ia.load(rows.offsets[1], c, len);
                    ib.load(rows.offsets[2], c, len);
                    whereRow(ic.chunk, ic.chunkOff, ia.chunk, ia.chunkOff, ib.chunk, ib.chunkOff, out, rows.offsets[3] + c, len);
                }
        });
    }

    /** Rows [r0, r1) of a walker already positioned at row r0, columns [c0, c1) of each. */
    private interface RowsBody { void run(StridedRows rows, int r0, int r1, int c0, int c1); }

    /**
     * Runs body over the view in fixed pieces on the kernel pool: pieces of whole rows, or, for a view that is one
     * long row (a contiguous tensor), pieces of PIECE_FLOATS columns — a multiple of CHUNK, so every chunk and hence
     * every vector/scalar-tail split is the same as in a single pass: same bits on any number of threads.
     */
    private static void inPieces(java.util.function.Supplier<StridedRows> walker, RowsBody body) {
        StridedRows shape = walker.get();
        int m = shape.rowLength, rows = shape.rows;
        if (rows == 1) KernelPool.forEachPiece(m, KernelPool.PIECE_FLOATS, (c0, c1) -> body.run(walker.get(), 0, 1, c0, c1));
        else KernelPool.forEachPiece(rows, KernelPool.rowsPerPiece(m), (r0, r1) -> body.run(walker.get().seek(r0), r0, r1, 0, m));
    }

    private static void whereRow(float[] pc, int co, float[] pa, int ao, float[] pb, int bo, float[] out, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) {
            var keep = FloatVector.fromArray(S, pc, co + i).compare(VectorOperators.NE, 0f);
            FloatVector.fromArray(S, pb, bo + i).blend(FloatVector.fromArray(S, pa, ao + i), keep).intoArray(out, oo + i);
        }
        for (; i < m; i++) out[oo + i] = pc[co + i] != 0f ? pa[ao + i] : pb[bo + i];
    }

    /** Rows are processed in chunks of this many elements, so gathered inputs stay in L1. */
    private static final int CHUNK = 1024;

    /**
     * One input of a driver: presents each chunk of its current row as a contiguous run (chunk, chunkOff) —
     * the array itself for unit stride, a scratch copy otherwise (filled once per row for a broadcast scalar).
     */
    private static final class Input {
        private final float[] array;
        private final int stride;
        private final float[] scratch;
        float[] chunk;
        int chunkOff;
        private int filledFrom = -1; // source index the broadcast scratch holds

        Input(float[] array, int stride, int rowLength) {
            this.array = array;
            this.stride = stride;
            this.scratch = stride == 1 ? null : new float[Math.min(rowLength, CHUNK)];
        }

        void load(int rowOff, int c, int len) {
            if (stride == 1) {
                chunk = array;
                chunkOff = rowOff + c;
                return;
            }
            chunk = scratch;
            chunkOff = 0;
            if (stride == 0) { // a broadcast element: fill once per distinct source element
                if (rowOff != filledFrom) {
                    java.util.Arrays.fill(scratch, array[rowOff]);
                    filledFrom = rowOff;
                }
                return;
            }
            for (int i = 0, p = rowOff + c * stride; i < len; i++, p += stride) scratch[i] = array[p];
        }
    }

    // ---------------------------------------------------------------- contiguous rows, one loop per op

    static void unaryRow(UnaryOp op, float[] x, int xo, float[] o, int oo, int m) {
        switch (op) {
            case NEG -> neg(x, xo, o, oo, m);
            case ABS -> abs(x, xo, o, oo, m);
            case EXP -> exp(x, xo, o, oo, m);
            case LOG -> log(x, xo, o, oo, m);
            case SQRT -> sqrt(x, xo, o, oo, m);
            case RSQRT -> rsqrt(x, xo, o, oo, m);
            case TANH -> tanh(x, xo, o, oo, m);
            case SIGMOID -> sigmoid(x, xo, o, oo, m);
            case RELU -> relu(x, xo, o, oo, m);
            case SQUARE -> square(x, xo, o, oo, m);
        }
    }

    private static void neg(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) FloatVector.fromArray(S, x, xo + i).neg().intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = -x[xo + i];
    }

    private static void abs(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) FloatVector.fromArray(S, x, xo + i).abs().intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = Math.abs(x[xo + i]);
    }

    private static void exp(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) VectorMath.exp(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = (float) Math.exp(x[xo + i]);
    }

    private static void log(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) VectorMath.log(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = (float) Math.log(x[xo + i]);
    }

    private static void sqrt(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = (float) Math.sqrt(x[xo + i]);
    }

    private static void rsqrt(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int u = S.loopBound(m); i < u; i += L) one.div(FloatVector.fromArray(S, x, xo + i).sqrt()).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = 1f / (float) Math.sqrt(x[xo + i]);
    }

    private static void tanh(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) VectorMath.tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = (float) Math.tanh(x[xo + i]);
    }

    private static void sigmoid(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) VectorMath.sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = (float) (1.0 / (1.0 + Math.exp(-x[xo + i])));
    }

    private static void relu(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = Math.max(x[xo + i], 0f);
    }

    private static void square(float[] x, int xo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(o, oo + i);
        }
        for (; i < m; i++) o[oo + i] = x[xo + i] * x[xo + i];
    }

    static void binaryRow(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
        switch (op) {
            case ADD -> add(a, ao, b, bo, o, oo, m);
            case SUB -> sub(a, ao, b, bo, o, oo, m);
            case MUL -> mul(a, ao, b, bo, o, oo, m);
            case DIV -> div(a, ao, b, bo, o, oo, m);
            case MAX -> max(a, ao, b, bo, o, oo, m);
            case MIN -> min(a, ao, b, bo, o, oo, m);
            case POW -> pow(a, ao, b, bo, o, oo, m);
            case GT, GE, LT, LE, EQ -> compare(op, a, ao, b, bo, o, oo, m);
        }
    }

    private static void add(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L)
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = a[ao + i] + b[bo + i];
    }

    private static void sub(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L)
            FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = a[ao + i] - b[bo + i];
    }

    private static void mul(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L)
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = a[ao + i] * b[bo + i];
    }

    private static void div(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L)
            FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = a[ao + i] / b[bo + i];
    }

    private static void max(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L)
            FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = Math.max(a[ao + i], b[bo + i]);
    }

    private static void min(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L)
            FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = Math.min(a[ao + i], b[bo + i]);
    }

    private static void pow(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
        int i = 0;
        for (int u = S.loopBound(m); i < u; i += L)
            FloatVector.fromArray(S, a, ao + i).pow(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        for (; i < m; i++) o[oo + i] = (float) Math.pow(a[ao + i], b[bo + i]);
    }

    /** Comparisons feed backward masks only; a scalar loop keeps them simple (the result is 1 or 0). */
    private static void compare(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
        for (int i = 0; i < m; i++) o[oo + i] = (float) op.apply(a[ao + i], b[bo + i]);
    }
}
