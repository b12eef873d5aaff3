package org.peft4j.kernels.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Device buffers for one test, freed together. */
final class DeviceArrays implements AutoCloseable {
    final CudaContext ctx;
    private final List<Long> owned = new ArrayList<>();

    DeviceArrays(CudaContext ctx) { this.ctx = ctx; }

    long of(float[] data) { return own(ctx.upload(data)); }

    long of(long[] data) { return own(ctx.upload(data)); }

    long floats(int n) { return own(ctx.allocate(4L * Math.max(1, n))); }

    long bytes(long n) { return own(ctx.allocate(Math.max(1, n))); }

    float[] read(long ptr, int n) { return ctx.downloadFloats(ptr, n); }

    long[] readLongs(long ptr, int n) { return ctx.downloadLongs(ptr, n); }

    private long own(long p) { owned.add(p); return p; }

    @Override
    public void close() { for (long p : owned) ctx.free(p); }

    static float[] random(Random rng, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.nextFloat();
        return a;
    }
}
