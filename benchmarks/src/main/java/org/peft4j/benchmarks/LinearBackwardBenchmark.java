package org.peft4j.benchmarks;

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
import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A 1024x768 -> 768 linear layer (BERT-base hidden size, 8 x 128 tokens) against a frozen weight, as in PEFT
 * training: forward alone vs forward + backward (dX = g·W and db; no dW for the frozen weight). The ratio of the
 * two scores is the backward overhead; about 2x is the floor (one GEMM each way).
 * <p>
 * Run: {@code mvn -q -o package -pl benchmarks -am -DskipTests} then
 * {@code java --add-modules jdk.incubator.vector -cp "$(cat benchmarks/target/cp.txt):benchmarks/target/classes" org.openjdk.jmh.Main LinearBackward}
 * (cp.txt from {@code mvn -q -o dependency:build-classpath -pl benchmarks -Dmdep.outputFile=target/cp.txt}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class LinearBackwardBenchmark {
    @Param({"BF16", "F32"})
    public String weightDtype;

    private Var x, weight, bias;
    private Tensor seed;

    @Setup
    public void setup() {
        Random rng = new Random(42);
        int rows = 1024, in = 768, out = 768;
        x = Var.leaf(Tensor.randn(rng, 1f, rows, in));
        Tensor w = Tensor.randn(rng, 0.02f, out, in);
        weight = new Var(weightDtype.equals("BF16") ? toBf16Segment(w) : w); // frozen
        bias = Var.leaf(Tensor.randn(rng, 0.02f, out));
        seed = Tensor.randn(rng, 1f, rows, out);
    }

    @Benchmark
    public Tensor forward() {
        return F.linear(x, weight, bias).value();
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.zeroGrad();
        bias.zeroGrad();
        F.linear(x, weight, bias).backward(seed);
        return x.grad();
    }

    private static Tensor toBf16Segment(Tensor t) {
        float[] v = t.toFloatArray();
        MemorySegment seg = Arena.ofAuto().allocate(2L * v.length, 2);
        ValueLayout.OfShort le = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            seg.set(le, 2L * i, (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16));
        }
        return Tensor.ofSegment(seg, DType.BF16, t.shape());
    }
}
