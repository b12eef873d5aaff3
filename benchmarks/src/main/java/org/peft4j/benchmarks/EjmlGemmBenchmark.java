package org.peft4j.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
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
 * EJML's dense fp32 multiply (row-major FMatrixRMaj) on the same shapes as {@link GemmBenchmark}: the usual
 * pure-Java linear algebra yardstick, single-threaded ({@code mult}) and with its own thread pool ({@code multMT}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class EjmlGemmBenchmark {
    @Param({"256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048", "1024x768x768", "1024x3072x768", "1024x768x3072"})
    public String shape;

    private FMatrixRMaj a, b, c;

    @Setup
    public void setUp() {
        GemmShape s = GemmShape.parse(shape);
        Random rng = new Random(0);
        a = new FMatrixRMaj(s.m(), s.k(), true, GemmShape.normal(rng, s.m() * s.k()));
        b = new FMatrixRMaj(s.k(), s.n(), true, GemmShape.normal(rng, s.k() * s.n()));
        c = new FMatrixRMaj(s.m(), s.n());
    }

    @Benchmark
    public FMatrixRMaj mult() {
        CommonOps_FDRM.mult(a, b, c);
        return c;
    }

    @Benchmark
    public FMatrixRMaj multMT() {
        CommonOps_MT_FDRM.mult(a, b, c);
        return c;
    }
}
