package org.peft4j.cli.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.peft4j.kernels.cpu.FloatFormat;
import org.peft4j.kernels.cpu.Gemm;

/**
 * The workload of ../shared/bench/sgemm_openblas.py on our GEMM: C (m x n) = A (m x k) · B (k x n), standard normal
 * A and B, C overwritten (beta = 0). B is fp32 or, for `bf16`, a BF16 segment widened while packing (the frozen
 * weight path); with transB, B is stored n x k like a linear layer's [out, in] weight.
 */
public final class GemmWorkload implements Runnable, AutoCloseable {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int m, n, k;
    private final boolean transB;
    private final float[] a, c;
    private final float[] bArray;
    private final MemorySegment bSegment;
    private final FloatFormat bFormat;
    private final Arena arena;

    /** format null means B is a float[]; otherwise a segment of that format. */
    public GemmWorkload(int m, int n, int k, FloatFormat format, boolean transB, long seed) {
        if (m < 1 || n < 1 || k < 1) throw new IllegalArgumentException("gemm workload sizes must be positive, got m=" + m + " n=" + n + " k=" + k);
        this.m = m;
        this.n = n;
        this.k = k;
        this.transB = transB;
        Random rng = new Random(seed);
        a = normal(rng, Math.multiplyExact(m, k));
        c = new float[Math.multiplyExact(m, n)];
        float[] b = normal(rng, Math.multiplyExact(k, n));
        bFormat = format;
        if (format == null) {
            bArray = b;
            bSegment = null;
            arena = null;
        } else {
            bArray = null;
            arena = Arena.ofShared();
            bSegment = arena.allocate((long) b.length * format.byteSize());
            for (int i = 0; i < b.length; i++) {
                switch (format) {
                    case F32 -> bSegment.set(F32, 4L * i, b[i]);
                    case F16 -> bSegment.set(I16, 2L * i, Float.floatToFloat16(b[i]));
                    case BF16 -> bSegment.set(I16, 2L * i, (short) ((Float.floatToRawIntBits(b[i]) + 0x8000) >>> 16));
                }
            }
        }
    }

    private static float[] normal(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rng.nextGaussian();
        return x;
    }

    public double flops() { return 2.0 * m * n * k; }

    /**
     * The starting point the blocked GEMM is measured against: the textbook triple loop (dot-product order,
     * single thread) on the same fp32 operands.
     */
    public Runnable naive() {
        if (bArray == null || transB) throw new IllegalArgumentException("the naive variant runs on fp32 B stored k x n only");
        return () -> {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    float sum = 0f;
                    for (int p = 0; p < k; p++) sum += a[i * k + p] * bArray[p * n + j];
                    c[i * n + j] = sum;
                }
        };
    }

    @Override
    public void run() {
        int ldb = transB ? k : n;
        if (bSegment == null) Gemm.sgemm(false, transB, m, n, k, 1f, a, 0, k, bArray, 0, ldb, 0f, c, 0, n);
        else Gemm.sgemm(false, transB, m, n, k, 1f, a, 0, k, bSegment, bFormat, 0, ldb, 0f, c, 0, n);
    }

    @Override
    public void close() {
        if (arena != null) arena.close();
    }
}
