package org.peft4j.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The starting point: textbook triple loops over row-major arrays, single-threaded, small sizes only.
 * {@code ijp} is the dot-product form (strided walk down B's columns); {@code ipj} swaps the inner loops so the
 * innermost walks rows of B and C, which C2 auto-vectorizes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class NaiveGemmBenchmark {
    @Param({"256x256x256", "512x512x512"})
    public String shape;

    private int m, n, k;
    private float[] a, b, c;

    @Setup
    public void setUp() {
        GemmShape s = GemmShape.parse(shape);
        m = s.m();
        n = s.n();
        k = s.k();
        Random rng = new Random(0);
        a = GemmShape.normal(rng, m * k);
        b = GemmShape.normal(rng, k * n);
        c = new float[m * n];
    }

    @Benchmark
    public float[] ijp() {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
                c[i * n + j] = sum;
            }
        return c;
    }

    @Benchmark
    public float[] ipj() {
        java.util.Arrays.fill(c, 0f);
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++) {
                float av = a[i * k + p];
                for (int j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
            }
        return c;
    }
}
