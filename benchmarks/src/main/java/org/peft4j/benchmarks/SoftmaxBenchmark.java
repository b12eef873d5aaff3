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
import org.peft4j.kernels.cpu.Softmax;
import org.peft4j.kernels.cpu.SoftmaxReference;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Ops;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Softmax along the last axis, single-threaded, in the two shapes that matter: attention scores
 * [8, 12, 128, 128] (BERT-base, batch 8 x 128 tokens) with a padding mask [8, 1, 1, 128] and optionally causal
 * masking, and GPT-2 LM-head log-probabilities [128, 50257]. Compares the Vector API kernel with its scalar
 * reference (double arithmetic, Math.exp), the Tensor-level Ops call (which adds the output allocation), and the
 * backward kernel. Divide the bytes moved (read x once, write y once: 8 bytes per element) by the time for GB/s.
 * <p>
 * Run: {@code mvn -q -o package -pl benchmarks -am -DskipTests}, then
 * {@code mvn -q -o dependency:build-classpath -pl benchmarks -Dmdep.outputFile=target/cp.txt} and
 * {@code java --add-modules jdk.incubator.vector -cp "$(cat benchmarks/target/cp.txt):benchmarks/target/classes" org.openjdk.jmh.Main Softmax}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class SoftmaxBenchmark {
    /** attention: [8,12,128,128] + padding mask; attention-causal: also causal; vocab: [128, 50257] unmasked. */
    @Param({"attention", "attention-causal", "vocab"})
    public String shape;

    private int[] sizes, strides, maskStrides;
    private float[] x, mask, y, dy, dx;
    private boolean causal;
    private int rows, n;
    private Tensor xt, maskT;

    @Setup
    public void setup() {
        Random rng = new Random(7);
        boolean attention = shape.startsWith("attention");
        sizes = attention ? new int[]{8, 12, 128, 128} : new int[]{128, 50257};
        causal = shape.equals("attention-causal");
        n = sizes[sizes.length - 1];
        int total = 1;
        for (int s : sizes) total *= s;
        rows = total / n;
        x = new float[total];
        for (int i = 0; i < total; i++) x[i] = (float) rng.nextGaussian() * 3f;
        strides = new int[sizes.length];
        for (int i = sizes.length - 1, acc = 1; i >= 0; i--) { strides[i] = acc; acc *= sizes[i]; }
        if (attention) {
            mask = new float[8 * 128];
            for (int b = 0; b < 8; b++) for (int k = 128 - 8 * b; k < 128; k++) mask[b * 128 + k] = Float.NEGATIVE_INFINITY;
            maskStrides = new int[]{128, 0, 0, 1};
            maskT = Tensor.of(mask, 8, 1, 1, 128);
        }
        y = new float[total];
        dy = new float[total];
        dx = new float[total];
        for (int i = 0; i < total; i++) dy[i] = (float) rng.nextGaussian();
        xt = Tensor.of(x, sizes);
        Softmax.softmax(sizes, x, 0, strides, mask, 0, maskStrides, causal, y, 0);
    }

    @Benchmark
    public float[] kernel() {
        Softmax.softmax(sizes, x, 0, strides, mask, 0, maskStrides, causal, y, 0);
        return y;
    }

    @Benchmark
    public float[] reference() {
        SoftmaxReference.softmax(sizes, x, 0, strides, mask, 0, maskStrides, causal, y, 0);
        return y;
    }

    @Benchmark
    public Tensor ops() {
        return Ops.softmax(xt, maskT, causal);
    }

    @Benchmark
    public float[] backwardKernel() {
        Softmax.softmaxBackward(rows, n, y, 0, dy, 0, dx, 0);
        return dx;
    }
}
