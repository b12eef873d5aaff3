package org.peft4j.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.peft4j.kernels.cpu.FloatFormat;
import org.peft4j.kernels.cpu.Gemm;
import org.peft4j.kernels.cpu.KernelPool;

/**
 * Our SGEMM, C = A·B (A m x k, B k x n, C overwritten), on the square sizes and transformer layer shapes of
 * ../shared/bench/sgemm_openblas.py, with B as fp32 or as a BF16 segment (the frozen-weight path, widened while
 * packing). GFLOP/s = 2·m·n·k / (time per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2) // Vector API code is slow until C2 compiles it, which takes seconds on a busy machine
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC"})
public class GemmBenchmark {
    @Param({"256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048", "1024x768x768", "1024x3072x768", "1024x768x3072"})
    public String shape;

    @Param({"f32", "bf16"})
    public String bType;

    @Param({"2"})
    public int threads;

    private GemmShape s;
    private float[] a, b, c;
    private Arena arena;
    private MemorySegment bSegment;

    @Setup(Level.Trial)
    public void setUp() {
        KernelPool.setThreads(threads);
        s = GemmShape.parse(shape);
        Random rng = new Random(0);
        a = GemmShape.normal(rng, s.m() * s.k());
        b = GemmShape.normal(rng, s.k() * s.n());
        c = new float[s.m() * s.n()];
        if (bType.equals("bf16")) {
            arena = Arena.ofShared();
            bSegment = arena.allocate(2L * b.length);
            var i16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < b.length; i++) bSegment.set(i16, 2L * i, (short) ((Float.floatToRawIntBits(b[i]) + 0x8000) >>> 16));
        } else if (!bType.equals("f32")) {
            throw new IllegalArgumentException("bType must be f32 or bf16, got " + bType);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (arena != null) arena.close();
    }

    @Benchmark
    public float[] sgemm() {
        if (bSegment == null) Gemm.sgemm(false, false, s.m(), s.n(), s.k(), 1f, a, 0, s.k(), b, 0, s.n(), 0f, c, 0, s.n());
        else Gemm.sgemm(false, false, s.m(), s.n(), s.k(), 1f, a, 0, s.k(), bSegment, FloatFormat.BF16, 0, s.n(), 0f, c, 0, s.n());
        return c;
    }
}
