package org.peft4j.benchmarks;

import org.peft4j.kernels.cuda.CudaContext;
import org.peft4j.kernels.cuda.CudaKernels;
import org.peft4j.kernels.cuda.CudaProbe;
import org.peft4j.kernels.cuda.CudaStatus;
import org.peft4j.kernels.cuda.DeviceGemm;
import org.peft4j.kernels.cuda.PtxGemm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * GPU GEMM throughput on a real device: our PTX fp32 GEMM, cuBLAS's (when JCublas loads) and the bf16-weight
 * GEMM at n^3 (default 4096), each timed over repeated products after a warm-up (wall clock around a device
 * synchronisation), and the PTX result checked against a double-precision CPU dot product on sampled elements.
 * With a directory argument it also writes a 1024^3 problem and our result there (raw little-endian fp32) for
 * scripts/gpu_torch_compare.py to check against PyTorch.
 * <pre>java ... org.peft4j.benchmarks.GpuGemmBenchmark [n] [dumpDir]</pre>
 * Prints what it measured; refuses to run without a GPU (it prints the probe's reason).
 */
public final class GpuGemmBenchmark {
    private GpuGemmBenchmark() {}

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        CudaStatus s = CudaProbe.status();
        System.out.println(s.summary());
        if (!s.available()) System.exit(2);
        try (CudaContext ctx = CudaContext.open(0)) {
            Random rng = new Random(1);
            float[] a = random(rng, n * n), b = random(rng, n * n);
            long da = ctx.upload(a), db = ctx.upload(b), dc = ctx.allocate(4L * n * n);
            DeviceGemm ptx = new PtxGemm(ctx.device());
            double ptxTflops = time(ctx, ptx, n, da, db, dc);
            float[] c = ctx.downloadFloats(dc, n * n);
            double worst = spotCheck(a, b, c, n, rng);
            System.out.printf("sgemm %d^3 ptx:    %.2f TFLOP/s (max relative error on 256 sampled elements vs a double dot product: %.2e)%n", n, ptxTflops, worst);
            if (!ctx.gemm().name().equals("ptx")) {
                double cublas = time(ctx, ctx.gemm(), n, da, db, dc);
                float[] c2 = ctx.downloadFloats(dc, n * n);
                double diff = 0;
                for (int i = 0; i < c.length; i++) diff = Math.max(diff, Math.abs(c[i] - c2[i]) / Math.max(1e-3, Math.abs(c2[i])));
                System.out.printf("sgemm %d^3 cublas: %.2f TFLOP/s (ptx/cublas = %.2f; max relative difference ptx vs cublas %.2e)%n", n, cublas, ptxTflops / cublas, diff);
            } else {
                System.out.println("sgemm cublas: not measured (" + s.cublas().detail() + "); compare with PyTorch's cuBLAS in gpu_torch_compare.py");
            }
            long dw = ctx.allocate(2L * n * n); // the bf16 weight: b's bits truncated to bf16
            short[] w = new short[n * n];
            for (int i = 0; i < w.length; i++) w[i] = (short) (Float.floatToRawIntBits(b[i]) >>> 16);
            ctx.device().copyToDevice(dw, MemorySegment.ofArray(w), ctx.stream());
            double bf16 = timeBf16(ctx, n, da, dw, dc);
            System.out.printf("gemm_bf16w %d^3 ptx: %.2f TFLOP/s (fp32 activations x bf16 weights, fp32 accumulation)%n", n, bf16);
            ctx.free(da);
            ctx.free(db);
            ctx.free(dc);
            ctx.free(dw);
            if (args.length > 1) dump(ctx, Path.of(args[1]));
        }
    }

    private static double time(CudaContext ctx, DeviceGemm g, int n, long a, long b, long c) {
        g.sgemm(ctx.stream(), false, false, n, n, n, 1f, a, n, 0, b, n, 0, 0f, c, n, 0, 1);
        ctx.synchronize();
        int reps = 10;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) g.sgemm(ctx.stream(), false, false, n, n, n, 1f, a, n, 0, b, n, 0, 0f, c, n, 0, 1);
        ctx.synchronize();
        return 2.0 * n * n * n * reps / ((System.nanoTime() - t0) * 1e-9) / 1e12;
    }

    private static double timeBf16(CudaContext ctx, int n, long a, long w, long c) {
        CudaKernels.gemmBf16Weight(ctx.device(), ctx.stream(), n, n, n, 1f, a, n, w, n, 0f, c, n);
        ctx.synchronize();
        int reps = 10;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) CudaKernels.gemmBf16Weight(ctx.device(), ctx.stream(), n, n, n, 1f, a, n, w, n, 0f, c, n);
        ctx.synchronize();
        return 2.0 * n * n * n * reps / ((System.nanoTime() - t0) * 1e-9) / 1e12;
    }

    private static double spotCheck(float[] a, float[] b, float[] c, int n, Random rng) {
        double worst = 0;
        for (int s = 0; s < 256; s++) {
            int i = rng.nextInt(n), j = rng.nextInt(n);
            double ref = 0, mag = 0;
            for (int k = 0; k < n; k++) { ref += (double) a[i * n + k] * b[k * n + j]; mag += Math.abs((double) a[i * n + k] * b[k * n + j]); }
            worst = Math.max(worst, Math.abs(c[i * n + j] - ref) / mag);
        }
        return worst;
    }

    /** A 1024^3 problem and our PTX result, for the PyTorch comparison. */
    private static void dump(CudaContext ctx, Path dir) throws IOException {
        int n = 1024;
        Files.createDirectories(dir);
        Random rng = new Random(2);
        float[] a = random(rng, n * n), b = random(rng, n * n);
        long da = ctx.upload(a), db = ctx.upload(b), dc = ctx.allocate(4L * n * n);
        new PtxGemm(ctx.device()).sgemm(ctx.stream(), false, false, n, n, n, 1f, da, n, 0, db, n, 0, 0f, dc, n, 0, 1);
        write(dir.resolve("a.f32"), a);
        write(dir.resolve("b.f32"), b);
        write(dir.resolve("c_peft4j.f32"), ctx.downloadFloats(dc, n * n));
        ctx.free(da);
        ctx.free(db);
        ctx.free(dc);
        System.out.println("wrote a 1024^3 problem and peft4j's PTX result to " + dir);
    }

    private static void write(Path p, float[] v) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        Files.write(p, buf.array());
    }

    private static float[] random(Random rng, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = rng.nextFloat() * 2 - 1;
        return x;
    }
}
