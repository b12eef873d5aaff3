package org.peft4j.benchmarks;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Ops;
import org.peft4j.tensor.trace.Trace;

/**
 * What one op costs with the op tracer off and on: {@code Ops.add} of two [n] vectors, small enough (n = 16) that
 * a per-op cost would dominate, and larger (n = 4096). With tracing on, the trace keeps statistics only
 * ({@code Trace.start(0)}: no raw records, so the run does not fill the heap). Run with {@code -prof gc} to see the
 * bytes allocated per op: the result tensor when off, plus the record's bookkeeping when on. docs/PROFILING.md
 * shows a run; benchmarks/trace-overhead/run.sh compares whole train steps against a build without the hooks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class TraceOverheadBenchmark {
    @Param({"off", "on"})
    public String tracing;

    @Param({"16", "4096"})
    public int n;

    private Tensor a, b;
    private Trace trace;

    @Setup
    public void setup() {
        a = Tensor.full(1.5f, n);
        b = Tensor.full(2.5f, n);
        if (tracing.equals("on")) trace = Trace.start(0);
    }

    @TearDown
    public void tearDown() {
        if (trace != null) trace.close();
    }

    @Benchmark
    public Tensor add() {
        return Ops.add(a, b);
    }
}
