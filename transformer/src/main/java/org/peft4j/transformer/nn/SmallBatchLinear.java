package org.peft4j.transformer.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.peft4j.kernels.cpu.KernelPool;
import org.peft4j.kernels.cpu.VectorMath;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.FloatStorage;
import org.peft4j.tensor.SegmentStorage;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * y = x·Wᵀ + b for a handful of rows (KV-cached decoding feeds one token per sequence): a matrix-vector product
 * that streams the weight once, in place, in its stored dtype (heap F32, or F32/BF16 segments), parallel over
 * output features. INTERIM, now redundant: the kernels' own few-row GEMM path ({@code SmallGemm}, taken by
 * {@code Linalg.linear} for up to 16-32 rows) was 1.4-3x slower for decoding at the start of session 3 and, after
 * three fixes (whole-row bands, no vector boxing, one row per dot product with two accumulators), decodes GPT-2
 * 124M as fast as this class (same run, 1 thread: 31.3 vs 31.0 tokens/s fp32, 38.9 vs 35.9 BF16; 2 threads:
 * 28.1 vs 28.1 and 34.4 vs 34.5). What is left is to delete this class and let Linear/Conv1D call Linalg, and
 * regenerate the traced examples in docs/PROFILING.md and docs/INTERNALS.md, which show its {@code linear_few_rows}
 * op.
 * <p>
 * Two layouts of the [out, in] weight view: rows contiguous (nn.Linear's [out, in]: one dot product per output)
 * and columns contiguous (GPT-2's Conv1D [in, out] seen transposed: rows of W scaled and accumulated).
 */
final class SmallBatchLinear {
    private SmallBatchLinear() {}

    /**
     * Most rows for which streaming the weight beats the packed GEMM: up to here the product is bound by reading
     * the weight, which this path does once and the GEMM's packing does more than once.
     */
    static final int MAX_ROWS = 16;

    /** Bands of input features summed separately in the [in, out] layout (enough for the pool to balance 2-8 threads). */
    static final int BANDS = 8;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> H = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);

    /** Whether this product can take the fast path. */
    static boolean applies(Tensor x, Tensor w) {
        if (w.dim() != 2 || x.dim() < 1) return false;
        int rows = x.numel() / Math.max(1, x.size(-1));
        if (rows < 1 || rows > MAX_ROWS) return false;
        boolean heap = w.storage() instanceof FloatStorage;
        boolean seg = w.storage() instanceof SegmentStorage && (w.dtype() == DType.F32 || w.dtype() == DType.BF16);
        if (!heap && !seg) return false;
        return rowsContiguous(w) || columnsContiguous(w);
    }

    private static boolean rowsContiguous(Tensor w) {
        return w.stride(1) == 1 && (w.size(0) == 1 || w.stride(0) >= w.size(1));
    }

    private static boolean columnsContiguous(Tensor w) {
        return w.stride(0) == 1 && (w.size(1) == 1 || w.stride(1) >= w.size(0));
    }

    /** x [..., in], w [out, in] (a view; see {@link #applies}), bias [out] or null → [..., out]. */
    static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        long t0 = Trace.begin();
        Tensor y = stream(x, w, bias);
        if (t0 != Trace.OFF) Trace.record(t0, "linear_few_rows", 2L * y.numel() * w.size(1) + (bias == null ? 0 : y.numel()), y, x, w, bias);
        return y;
    }

    private static Tensor stream(Tensor x, Tensor w, Tensor bias) {
        int out = w.size(0), in = w.size(1);
        float[] xs = x.contiguous().toFloatArray();
        int rows = xs.length / in;
        float[] y = new float[rows * out];
        if (bias != null) {
            float[] b = bias.toFloatArray();
            for (int r = 0; r < rows; r++) System.arraycopy(b, 0, y, r * out, out);
        }
        Weight wt = Weight.of(w);
        if (rowsContiguous(w)) {
            int tasks = Math.min(out, KernelPool.threads() * 8);
            KernelPool.parallelFor(tasks, t -> {
                int o0 = (int) ((long) out * t / tasks), o1 = (int) ((long) out * (t + 1) / tasks);
                for (int o = o0; o < o1; o++) {
                    long base = w.offset() + (long) o * w.stride(0);
                    for (int r = 0; r < rows; r++) y[r * out + o] += wt.dot(base, xs, r * in, in);
                }
            });
        } else {
            // W's stored rows (one per input feature) are contiguous: each task streams a band of them into its own
            // accumulator, and the bands are summed at the end, in band order. The band count depends on the shape
            // only, so the sum (and every generated token) is the same on any number of threads.
            int ld = w.stride(1);
            int tasks = Math.max(1, Math.min(BANDS, in / 64));
            float[][] partial = new float[tasks][];
            KernelPool.parallelFor(tasks, t -> {
                int i0 = (int) ((long) in * t / tasks), i1 = (int) ((long) in * (t + 1) / tasks);
                float[] acc = t == 0 ? y : new float[rows * out];
                // four stored rows of W at a time, applied to every input row while they are in cache
                int i = i0;
                for (; i + 4 <= i1; i += 4)
                    for (int r = 0; r < rows; r++)
                        wt.axpy4(w.offset() + (long) i * ld, ld, xs, r * in + i, acc, r * out, out);
                for (; i < i1; i++)
                    for (int r = 0; r < rows; r++)
                        wt.axpy(w.offset() + (long) i * ld, xs[r * in + i], acc, r * out, out);
                partial[t] = acc;
            });
            for (int t = 1; t < tasks; t++) {
                float[] p = partial[t];
                int k = 0;
                for (; k + L <= y.length; k += L)
                    FloatVector.fromArray(F, y, k).add(FloatVector.fromArray(F, p, k)).intoArray(y, k);
                for (; k < y.length; k++) y[k] += p[k];
            }
        }
        int[] shape = x.shape();
        shape[shape.length - 1] = out;
        return Tensor.of(y, shape);
    }

    /** The weight's storage, read a vector at a time. */
    private sealed interface Weight {
        /** Σ_k w[at + k]·x[xOff + k] for k < n. */
        float dot(long at, float[] x, int xOff, int n);

        /** y[yOff + k] += a·w[at + k] for k < n. */
        void axpy(long at, float a, float[] y, int yOff, int n);

        /** y[yOff + k] += Σ_j x[xOff + j]·w[at + j·ld + k] for j < 4, k < n (four rows per pass over y). */
        default void axpy4(long at, long ld, float[] x, int xOff, float[] y, int yOff, int n) {
            int k = 0;
            FloatVector a0 = FloatVector.broadcast(F, x[xOff]), a1 = FloatVector.broadcast(F, x[xOff + 1]);
            FloatVector a2 = FloatVector.broadcast(F, x[xOff + 2]), a3 = FloatVector.broadcast(F, x[xOff + 3]);
            for (; k + L <= n; k += L) {
                FloatVector acc = FloatVector.fromArray(F, y, yOff + k);
                acc = load(at + k).fma(a0, acc);
                acc = load(at + ld + k).fma(a1, acc);
                acc = load(at + 2 * ld + k).fma(a2, acc);
                acc = load(at + 3 * ld + k).fma(a3, acc);
                acc.intoArray(y, yOff + k);
            }
            for (; k < n; k++)
                y[yOff + k] += x[xOff] * get(at + k) + x[xOff + 1] * get(at + ld + k) + x[xOff + 2] * get(at + 2 * ld + k) + x[xOff + 3] * get(at + 3 * ld + k);
        }

        /** A vector of elements from element index at. */
        FloatVector load(long at);

        /** One element. */
        float get(long at);

        static Weight of(Tensor w) {
            if (w.storage() instanceof FloatStorage fs) return new Heap(fs.array());
            SegmentStorage s = (SegmentStorage) w.storage();
            return s.dtype() == DType.BF16 ? new Bf16(s.segment()) : new SegF32(s.segment());
        }
    }

    private record Heap(float[] w) implements Weight {
        public FloatVector load(long at) { return FloatVector.fromArray(F, w, (int) at); }

        public float get(long at) { return w[(int) at]; }

        public float dot(long at, float[] x, int xOff, int n) {
            int a = (int) at, k = 0;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (; k + 2 * L <= n; k += 2 * L) {
                acc0 = FloatVector.fromArray(F, w, a + k).fma(FloatVector.fromArray(F, x, xOff + k), acc0);
                acc1 = FloatVector.fromArray(F, w, a + k + L).fma(FloatVector.fromArray(F, x, xOff + k + L), acc1);
            }
            float s = VectorMath.sumLanes(acc0.add(acc1));
            for (; k < n; k++) s += w[a + k] * x[xOff + k];
            return s;
        }

        public void axpy(long at, float av, float[] y, int yOff, int n) {
            int a = (int) at, k = 0;
            FloatVector s = FloatVector.broadcast(F, av);
            for (; k + L <= n; k += L)
                FloatVector.fromArray(F, w, a + k).fma(s, FloatVector.fromArray(F, y, yOff + k)).intoArray(y, yOff + k);
            for (; k < n; k++) y[yOff + k] += av * w[a + k];
        }
    }

    private record SegF32(MemorySegment w) implements Weight {
        public FloatVector load(long at) { return FloatVector.fromMemorySegment(F, w, at * 4, LE); }

        public float get(long at) { return w.get(F32, at * 4); }

        public float dot(long at, float[] x, int xOff, int n) {
            long b = at * 4;
            int k = 0;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (; k + 2 * L <= n; k += 2 * L) {
                acc0 = FloatVector.fromMemorySegment(F, w, b + 4L * k, LE).fma(FloatVector.fromArray(F, x, xOff + k), acc0);
                acc1 = FloatVector.fromMemorySegment(F, w, b + 4L * (k + L), LE).fma(FloatVector.fromArray(F, x, xOff + k + L), acc1);
            }
            float s = VectorMath.sumLanes(acc0.add(acc1));
            for (; k < n; k++) s += w.get(F32, b + 4L * k) * x[xOff + k];
            return s;
        }

        public void axpy(long at, float av, float[] y, int yOff, int n) {
            long b = at * 4;
            int k = 0;
            FloatVector s = FloatVector.broadcast(F, av);
            for (; k + L <= n; k += L)
                FloatVector.fromMemorySegment(F, w, b + 4L * k, LE).fma(s, FloatVector.fromArray(F, y, yOff + k)).intoArray(y, yOff + k);
            for (; k < n; k++) y[yOff + k] += av * w.get(F32, b + 4L * k);
        }
    }

    private record Bf16(MemorySegment w) implements Weight {
        public FloatVector load(long at) { return load(w, at * 2); }

        public float get(long at) { return get(w, at * 2); }

        private static FloatVector load(MemorySegment w, long byteOffset) {
            ShortVector s = ShortVector.fromMemorySegment(H, w, byteOffset, LE);
            IntVector i = (IntVector) s.convertShape(VectorOperators.S2I, I, 0);
            return i.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        }

        private static float get(MemorySegment w, long byteOffset) {
            return Float.intBitsToFloat((w.get(I16, byteOffset) & 0xffff) << 16);
        }

        public float dot(long at, float[] x, int xOff, int n) {
            long b = at * 2;
            int k = 0;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (; k + 2 * L <= n; k += 2 * L) {
                acc0 = load(w, b + 2L * k).fma(FloatVector.fromArray(F, x, xOff + k), acc0);
                acc1 = load(w, b + 2L * (k + L)).fma(FloatVector.fromArray(F, x, xOff + k + L), acc1);
            }
            float s = VectorMath.sumLanes(acc0.add(acc1));
            for (; k < n; k++) s += get(w, b + 2L * k) * x[xOff + k];
            return s;
        }

        public void axpy(long at, float av, float[] y, int yOff, int n) {
            long b = at * 2;
            int k = 0;
            FloatVector s = FloatVector.broadcast(F, av);
            for (; k + L <= n; k += L)
                load(w, b + 2L * k).fma(s, FloatVector.fromArray(F, y, yOff + k)).intoArray(y, yOff + k);
            for (; k < n; k++) y[yOff + k] += av * get(w, b + 2L * k);
        }
    }
}
