package org.peft4j.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;

/**
 * An n-dimensional view (shape, element strides, element offset) over a {@link Storage}. Tensors know nothing
 * of gradients (that is {@code autograd}'s Var). View operations share storage; {@link #contiguous()} copies
 * only when the layout requires it. Heap tensors are F32, I32 or I64; read-only segment tensors may also be
 * F16/BF16 (frozen weights) and are widened to fp32 by whoever reads them.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    public Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length)
            throw new IllegalArgumentException("shape " + Shapes.str(shape) + " and strides " + Shapes.str(strides) + " differ in rank");
        Shapes.numel(shape); // validates non-negative, no overflow
        this.storage = storage;
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
        checkBounds();
    }

    private void checkBounds() {
        if (Shapes.numel(shape) == 0) return;
        long lo = offset, hi = offset;
        for (int i = 0; i < shape.length; i++) {
            long ext = (long) (shape[i] - 1) * strides[i];
            if (ext < 0) lo += ext; else hi += ext;
        }
        if (lo < 0 || hi >= storage.size())
            throw new IndexOutOfBoundsException("view shape " + Shapes.str(shape) + " strides " + Shapes.str(strides) + " offset " + offset
                    + " reaches elements [" + lo + ", " + hi + "] outside storage of " + storage.size() + " elements");
    }

    // ---------------------------------------------------------------- factories

    public static Tensor of(float[] data, int... shape) {
        if (Shapes.numel(shape) != data.length)
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + Shapes.str(shape));
        return new Tensor(new FloatStorage(data), shape, Shapes.contiguousStrides(shape), 0);
    }

    public static Tensor ofLongs(long[] data, int... shape) {
        if (Shapes.numel(shape) != data.length)
            throw new IllegalArgumentException("Tensor.ofLongs: " + data.length + " values do not fill shape " + Shapes.str(shape));
        return new Tensor(new LongStorage(data), shape, Shapes.contiguousStrides(shape), 0);
    }

    public static Tensor ofInts(int[] data, int... shape) {
        if (Shapes.numel(shape) != data.length)
            throw new IllegalArgumentException("Tensor.ofInts: " + data.length + " values do not fill shape " + Shapes.str(shape));
        return new Tensor(new IntStorage(data), shape, Shapes.contiguousStrides(shape), 0);
    }

    /** A read-only view of a little-endian segment (e.g. a mapped safetensors tensor) without copying. */
    public static Tensor ofSegment(MemorySegment segment, DType dtype, int... shape) {
        SegmentStorage s = new SegmentStorage(segment, dtype);
        if (s.size() != Shapes.numel(shape))
            throw new IllegalArgumentException("segment holds " + s.size() + " " + dtype + " elements, shape " + Shapes.str(shape) + " needs " + Shapes.numel(shape));
        return new Tensor(s, shape, Shapes.contiguousStrides(shape), 0);
    }

    public static Tensor zeros(int... shape) { return zeros(DType.F32, shape); }

    public static Tensor zeros(DType dtype, int... shape) {
        return new Tensor(Storage.allocate(dtype, Shapes.numel(shape)), shape, Shapes.contiguousStrides(shape), 0);
    }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        Arrays.fill(d, value);
        return of(d, shape);
    }

    public static Tensor ones(int... shape) { return full(1f, shape); }

    public static Tensor scalar(float v) { return of(new float[]{v}); }

    /** Standard normal values times std, from the given RNG (deterministic for a seed). */
    public static Tensor randn(Random rng, float std, int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian() * std;
        return of(d, shape);
    }

    /** Uniform values in [lo, hi). */
    public static Tensor rand(Random rng, float lo, float hi, int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextFloat();
        return of(d, shape);
    }

    public static Tensor arange(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = i;
        return of(d, n);
    }

    // ---------------------------------------------------------------- metadata

    public Storage storage() { return storage; }
    public DType dtype() { return storage.dtype(); }
    public Device device() { return storage.device(); }
    public int[] shape() { return shape.clone(); }
    public int[] strides() { return strides.clone(); }
    public int offset() { return offset; }
    public int dim() { return shape.length; }
    public int size(int d) { return shape[Shapes.dim(d, shape.length, "size")]; }
    public int stride(int d) { return strides[Shapes.dim(d, shape.length, "stride")]; }
    public int numel() { return Shapes.numel(shape); }

    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** The backing float[] of a contiguous heap F32 tensor; its elements start at {@link #offset()}. */
    public float[] floatArray() {
        if (!(storage instanceof FloatStorage fs))
            throw new IllegalStateException("floatArray: tensor is " + dtype() + " in " + storage.getClass().getSimpleName() + ", expected heap F32");
        return fs.array();
    }

    /** The backing long[] of a heap I64 tensor. */
    public long[] longArray() {
        if (!(storage instanceof LongStorage ls))
            throw new IllegalStateException("longArray: tensor is " + dtype() + ", expected heap I64");
        return ls.array();
    }

    // ---------------------------------------------------------------- element access

    private long index(int... idx) {
        if (idx.length != shape.length)
            throw new IllegalArgumentException("index of rank " + idx.length + " into tensor of shape " + Shapes.str(shape));
        long p = offset;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i])
                throw new IndexOutOfBoundsException("index " + Arrays.toString(idx) + " out of bounds for shape " + Shapes.str(shape));
            p += (long) idx[i] * strides[i];
        }
        return p;
    }

    public float get(int... idx) { return storage.getFloat(index(idx)); }
    public long getLong(int... idx) { return storage.getLong(index(idx)); }
    public void set(float v, int... idx) { storage.setFloat(index(idx), v); }
    public void setLong(long v, int... idx) { storage.setLong(index(idx), v); }

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel() != 1) throw new IllegalStateException("item() on a tensor of shape " + Shapes.str(shape) + " (" + numel() + " elements)");
        return storage.getFloat(offset);
    }

    /** Storage index of the i-th element in row-major order of this view. */
    public long elementIndex(int flat) {
        long p = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            int n = shape[d];
            p += (long) (flat % n) * strides[d];
            flat /= n;
        }
        return p;
    }

    /** All elements in row-major order, widened to float (a fresh array). */
    public float[] toFloatArray() {
        if (!device().isCpu()) return to(Device.CPU).toFloatArray();
        int n = numel();
        float[] out = new float[n];
        if (storage instanceof FloatStorage fs && isContiguous()) {
            System.arraycopy(fs.array(), offset, out, 0, n);
            return out;
        }
        if (storage instanceof FloatStorage fs && n > 0) {
            gatherStrided(fs.array(), out);
            return out;
        }
        for (int i = 0; i < n; i++) out[i] = storage.getFloat(elementIndex(i));
        return out;
    }

    /**
     * Row-major gather of a strided heap F32 view with an odometer over the outer dims and a plain loop over the last
     * one (no div/mod per element: a permuted [B,T,H,D] activation is copied at memory speed).
     */
    private void gatherStrided(float[] src, float[] out) {
        int rank = shape.length, inner = rank == 0 ? 1 : shape[rank - 1], step = rank == 0 ? 0 : strides[rank - 1];
        int[] idx = new int[Math.max(rank - 1, 0)];
        long p = offset;
        for (int o = 0; o < out.length; o += inner) {
            int q = (int) p;
            if (step == 1) System.arraycopy(src, q, out, o, inner);
            else for (int j = 0; j < inner; j++, q += step) out[o + j] = src[q];
            for (int d = rank - 2; d >= 0; d--) {              // advance the odometer over the outer dims
                p += strides[d];
                if (++idx[d] < shape[d]) break;
                p -= (long) strides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    public long[] toLongArray() {
        if (!device().isCpu()) return to(Device.CPU).toLongArray();
        int n = numel();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = storage.getLong(elementIndex(i));
        return out;
    }

    public int[] toIntArray() {
        if (!device().isCpu()) return to(Device.CPU).toIntArray();
        int n = numel();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = Math.toIntExact(storage.getLong(elementIndex(i)));
        return out;
    }

    // ---------------------------------------------------------------- views

    /** Same elements, new shape; one dim may be -1. Copies only if this view is not contiguous. */
    public Tensor reshape(int... newShape) {
        int[] s = inferShape(newShape);
        if (!isContiguous()) return contiguous().reshape(s);
        return new Tensor(storage, s, Shapes.contiguousStrides(s), offset);
    }

    /** Like reshape but never copies: throws if this view is not contiguous. */
    public Tensor view(int... newShape) {
        if (!isContiguous()) throw new IllegalStateException("view: tensor with shape " + Shapes.str(shape) + " strides " + Shapes.str(strides) + " is not contiguous; use reshape()");
        return reshape(newShape);
    }

    private int[] inferShape(int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Shapes.str(newShape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Shapes.str(newShape));
            } else known *= s[i];
        }
        int n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0)
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Shapes.str(newShape) + " for " + n + " elements");
            s[infer] = n / known;
        }
        if (Shapes.numel(s) != n)
            throw new IllegalArgumentException("reshape: shape " + Shapes.str(shape) + " (" + n + " elements) cannot become " + Shapes.str(newShape));
        return s;
    }

    public Tensor permute(int... order) {
        if (order.length != shape.length) throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for rank " + shape.length);
        int[] s = new int[order.length], st = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int d = Shapes.dim(order[i], shape.length, "permute");
            if (seen[d]) throw new IllegalArgumentException("permute: dim " + d + " repeated in " + Arrays.toString(order));
            seen[d] = true;
            s[i] = shape[d];
            st[i] = strides[d];
        }
        return new Tensor(storage, s, st, offset);
    }

    public Tensor transpose(int a, int b) {
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        a = Shapes.dim(a, shape.length, "transpose");
        b = Shapes.dim(b, shape.length, "transpose");
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Elements start..start+length-1 along dim (a view). */
    public Tensor narrow(int dim, int start, int length) {
        int d = Shapes.dim(dim, shape.length, "narrow");
        if (start < 0 || length < 0 || (long) start + length > shape[d])
            throw new IndexOutOfBoundsException("narrow: [" + start + ", " + (start + length) + ") out of range for dim " + d + " of size " + shape[d]);
        int[] s = shape.clone();
        s[d] = length;
        return new Tensor(storage, s, strides, offset + start * strides[d]);
    }

    /** Python-style slice start:end along dim (a view). */
    public Tensor slice(int dim, int start, int end) { return narrow(dim, start, end - start); }

    /** Removes dim by picking index i along it (a view). */
    public Tensor select(int dim, int i) {
        int d = Shapes.dim(dim, shape.length, "select");
        if (i < 0) i += shape[d];
        if (i < 0 || i >= shape[d]) throw new IndexOutOfBoundsException("select: index " + i + " out of range for dim " + d + " of size " + shape[d]);
        int[] s = new int[shape.length - 1], st = new int[shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) if (k != d) { s[j] = shape[k]; st[j++] = strides[k]; }
        return new Tensor(storage, s, st, offset + i * strides[d]);
    }

    public Tensor unsqueeze(int dim) {
        int d = Shapes.dim(dim, shape.length + 1, "unsqueeze");
        int[] s = new int[shape.length + 1], st = new int[shape.length + 1];
        for (int k = 0, j = 0; k < s.length; k++) {
            if (k == d) { s[k] = 1; st[k] = k < shape.length ? strides[j] * shape[j] : 1; }
            else { s[k] = shape[j]; st[k] = strides[j++]; }
        }
        return new Tensor(storage, s, st, offset);
    }

    public Tensor squeeze(int dim) {
        int d = Shapes.dim(dim, shape.length, "squeeze");
        if (shape[d] != 1) throw new IllegalArgumentException("squeeze: dim " + d + " has size " + shape[d] + ", expected 1");
        return select(d, 0);
    }

    /** Broadcast view: size-1 dims (and new leading dims) repeat with stride 0. -1 keeps a dim. */
    public Tensor expand(int... newShape) {
        if (newShape.length < shape.length)
            throw new IllegalArgumentException("expand: target " + Shapes.str(newShape) + " has lower rank than " + Shapes.str(shape));
        int lead = newShape.length - shape.length;
        int[] s = new int[newShape.length], st = new int[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            if (i < lead) {
                if (newShape[i] < 0) throw new IllegalArgumentException("expand: -1 not allowed for new leading dim in " + Shapes.str(newShape));
                s[i] = newShape[i];
                st[i] = 0;
            } else {
                int src = shape[i - lead];
                int want = newShape[i] == -1 ? src : newShape[i];
                if (src == want) { s[i] = src; st[i] = strides[i - lead]; }
                else if (src == 1) { s[i] = want; st[i] = 0; }
                else throw new IllegalArgumentException("expand: cannot expand " + Shapes.str(shape) + " to " + Shapes.str(newShape) + " (dim " + i + ": " + src + " -> " + want + ")");
            }
        }
        return new Tensor(storage, s, st, offset);
    }

    /**
     * This tensor if contiguous heap F32/I32/I64 (or contiguous on a CUDA device), otherwise a packed copy on the
     * same device (F16/BF16/F64 segments become F32).
     */
    public Tensor contiguous() {
        boolean heap = storage instanceof FloatStorage || storage instanceof IntStorage || storage instanceof LongStorage
                || storage instanceof CudaStorage;
        if (heap && isContiguous()) return this;
        return copy();
    }

    /**
     * A fresh contiguous copy on the same device (floating dtypes become F32, integer dtypes I64 unless I32). A
     * device tensor's copy goes through the host.
     */
    public Tensor copy() {
        if (!device().isCpu()) return Backends.of(this).fromCpu(to(Device.CPU));
        int n = numel();
        DType d = dtype();
        if (d.isFloating()) return of(toFloatArray(), shape);
        if (d == DType.I32) return ofInts(toIntArray(), shape);
        return ofLongs(toLongArray(), shape);
    }

    /** A contiguous F32 copy-or-self. */
    public Tensor toF32() {
        if (dtype() == DType.F32 && (storage instanceof FloatStorage || storage instanceof CudaStorage) && isContiguous()) return this;
        if (!device().isCpu()) return copy();
        return of(toFloatArray(), shape);
    }

    /** Returns this tensor moved to a device through its backend. */
    public Tensor to(Device device) {
        if (device.equals(device())) return this;
        Tensor host = Backends.of(this).toCpu(this);
        return device.isCpu() ? host : Backends.get(device).fromCpu(host);
    }

    // ---------------------------------------------------------------- comparison

    /** True when every |a-b| <= atol + rtol*|b| (b = other) and shapes agree; NaNs never compare equal. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        return compare(other, rtol, atol) == null;
    }

    /** Throws AssertionError naming the worst element unless {@link #allClose} holds. */
    public void assertAllClose(Tensor expected, double rtol, double atol) {
        String msg = compare(expected, rtol, atol);
        if (msg != null) throw new AssertionError(msg);
    }

    /** null when close, otherwise a message naming the worst element, its index and both values. */
    public String compare(Tensor other, double rtol, double atol) {
        if (!device().isCpu() || !other.device().isCpu()) return to(Device.CPU).compare(other.to(Device.CPU), rtol, atol);
        if (!Arrays.equals(shape, other.shape))
            return "shape " + Shapes.str(shape) + " differs from expected " + Shapes.str(other.shape);
        int n = numel();
        double worstExcess = -1;
        int worst = -1;
        for (int i = 0; i < n; i++) {
            double a = storage.getFloat(elementIndex(i));
            double b = other.storage.getFloat(other.elementIndex(i));
            double excess = Double.isNaN(a) || Double.isNaN(b) ? Double.POSITIVE_INFINITY : Math.abs(a - b) - (atol + rtol * Math.abs(b));
            if (a == b) excess = -1; // equal infinities
            if (excess > 0 && excess > worstExcess) { worstExcess = excess; worst = i; }
        }
        if (worst < 0) return null;
        double a = storage.getFloat(elementIndex(worst)), b = other.storage.getFloat(other.elementIndex(worst));
        return "not close (rtol=" + rtol + ", atol=" + atol + "): worst element " + Arrays.toString(unflatten(worst))
                + " actual " + a + " expected " + b + " |diff| " + Math.abs(a - b) + " (shape " + Shapes.str(shape) + ")";
    }

    private int[] unflatten(int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat /= shape[d]; }
        return idx;
    }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype()).append(' ').append(Shapes.str(shape)).append(' ').append(device());
        if (!isContiguous()) sb.append(" strided ").append(Shapes.str(strides));
        sb.append(")\n");
        Tensor host = device().isCpu() ? this : to(Device.CPU); // device values are printed from one bulk copy
        host.appendValues(sb, 0, host.offset, 0);
        return sb.toString();
    }

    private void appendValues(StringBuilder sb, int d, long base, int indent) {
        if (shape.length == 0) { sb.append(fmt(storage.getFloat(base))); return; }
        int n = shape[d];
        int show = n > 8 ? 3 : n;
        sb.append(" ".repeat(indent)).append('[');
        if (d == shape.length - 1) {
            for (int i = 0; i < n; i++) {
                if (show < n && i == show) { sb.append("..., "); i = n - show; }
                sb.append(fmt(storage.getFloat(base + (long) i * strides[d])));
                if (i < n - 1) sb.append(", ");
            }
            sb.append(']');
        } else {
            sb.append('\n');
            for (int i = 0; i < n; i++) {
                if (show < n && i == show) { sb.append(" ".repeat(indent + 1)).append("...\n"); i = n - show; }
                appendValues(sb, d + 1, base + (long) i * strides[d], indent + 1);
                sb.append('\n');
            }
            sb.append(" ".repeat(indent)).append(']');
        }
    }

    private String fmt(float v) {
        return dtype().isFloating() ? String.format("%.4f", v) : Long.toString((long) v);
    }
}
