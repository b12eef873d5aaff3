package org.peft4j.kernels.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters of one kernel launch, in order, as values (cuLaunchKernel's kernelParams point at these).
 * Structs are int arrays laid out as the C structs in common.cuh.
 */
public final class KernelArgs {
    /** One parameter: its type and its value (Integer, Long, Float or int[]). */
    public record Arg(ParamType type, Object value) {}

    private final List<Arg> args = new ArrayList<>();

    public KernelArgs i32(int v) { args.add(new Arg(ParamType.I32, v)); return this; }
    public KernelArgs i32(boolean v) { return i32(v ? 1 : 0); }
    public KernelArgs i64(long v) { args.add(new Arg(ParamType.I64, v)); return this; }
    public KernelArgs f32(float v) { args.add(new Arg(ParamType.F32, v)); return this; }

    /** A device pointer; 0 stands for null (optional inputs such as gamma or a mask). */
    public KernelArgs ptr(long devicePointer) { args.add(new Arg(ParamType.PTR, devicePointer)); return this; }

    /** struct View: one strided view of up to 8 dims. */
    public KernelArgs view(int[] sizes, int[] strides) {
        return struct(ParamType.VIEW, packViews(sizes, strides));
    }

    /** struct View2: two views over the same sizes. */
    public KernelArgs view2(int[] sizes, int[] stridesA, int[] stridesB) {
        return struct(ParamType.VIEW2, packViews(sizes, stridesA, stridesB));
    }

    /** struct View3: three views over the same sizes. */
    public KernelArgs view3(int[] sizes, int[] stridesC, int[] stridesA, int[] stridesB) {
        return struct(ParamType.VIEW3, packViews(sizes, stridesC, stridesA, stridesB));
    }

    /** struct Strides4: four element strides. */
    public KernelArgs strides4(int[] strides) {
        if (strides.length != 4) throw new IllegalArgumentException("Strides4 needs 4 strides, got " + Arrays.toString(strides));
        return struct(ParamType.STRIDES4, strides.clone());
    }

    private KernelArgs struct(ParamType type, int[] ints) {
        args.add(new Arg(type, ints));
        return this;
    }

    public List<Arg> list() { return List.copyOf(args); }

    public int size() { return args.size(); }

    /** Throws unless these arguments match the kernel's parameter list in count and types. */
    public void checkAgainst(Kernel k) {
        List<ParamType> want = k.params();
        List<ParamType> got = args.stream().map(Arg::type).toList();
        if (!want.equals(got))
            throw new IllegalArgumentException("kernel " + k.entry() + " takes " + want + " but the launch passes " + got);
    }

    /** rank, sizes[8], then each strides[8] (the layout of View, View2, View3). */
    static int[] packViews(int[] sizes, int[]... strides) {
        if (sizes.length > 8)
            throw new IllegalArgumentException("CUDA kernels take views of at most 8 dims, got " + sizes.length + " dims " + Arrays.toString(sizes));
        int[] out = new int[1 + 8 * (1 + strides.length)];
        out[0] = sizes.length;
        System.arraycopy(sizes, 0, out, 1, sizes.length);
        for (int v = 0; v < strides.length; v++) {
            if (strides[v].length != sizes.length)
                throw new IllegalArgumentException("view strides " + Arrays.toString(strides[v]) + " do not match sizes " + Arrays.toString(sizes));
            System.arraycopy(strides[v], 0, out, 9 + 8 * v, sizes.length);
        }
        return out;
    }
}
