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
import org.peft4j.kernels.cpu.Norms;
import org.peft4j.kernels.cpu.NormsReference;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Ops;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * LayerNorm and RMSNorm over [rows, hidden] activations, single-threaded: BERT-base (1024 x 768, batch 8 x 128
 * tokens) and a LLaMA-7B width (512 x 4096). Forward and backward kernels against the scalar reference forward,
 * plus the Tensor-level Ops call. Forward moves 8 bytes per element (read x, write y), backward 12 (read x and
 * dy, write dx).
 * <p>
 * Run as {@link SoftmaxBenchmark} says, with the pattern {@code LayerNorm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class LayerNormBenchmark {
    @Param({"1024x768", "512x4096"})
    public String shape;

    private int rows, h;
    private float[] x, gamma, beta, out, mean, rstd, dy, dx, dgamma, dbeta;
    private Tensor xt, gammaT, betaT;

    @Setup
    public void setup() {
        String[] p = shape.split("x");
        rows = Integer.parseInt(p[0]);
        h = Integer.parseInt(p[1]);
        Random rng = new Random(3);
        x = gaussian(rng, rows * h);
        dy = gaussian(rng, rows * h);
        gamma = gaussian(rng, h);
        beta = gaussian(rng, h);
        out = new float[rows * h];
        dx = new float[rows * h];
        mean = new float[rows];
        rstd = new float[rows];
        dgamma = new float[h];
        dbeta = new float[h];
        xt = Tensor.of(x, rows, h);
        gammaT = Tensor.of(gamma, h);
        betaT = Tensor.of(beta, h);
        Norms.layerNorm(rows, h, x, 0, gamma, 0, beta, 0, 1e-5f, out, 0, mean, 0, rstd, 0);
    }

    private static float[] gaussian(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }

    @Benchmark
    public float[] layerNormForward() {
        Norms.layerNorm(rows, h, x, 0, gamma, 0, beta, 0, 1e-5f, out, 0, mean, 0, rstd, 0);
        return out;
    }

    @Benchmark
    public float[] layerNormForwardReference() {
        NormsReference.layerNorm(rows, h, x, 0, gamma, 0, beta, 0, 1e-5f, out, 0, mean, 0, rstd, 0);
        return out;
    }

    @Benchmark
    public float[] layerNormBackward() {
        Norms.layerNormBackward(rows, h, dy, 0, x, 0, gamma, 0, mean, 0, rstd, 0, dx, 0, dgamma, 0, dbeta, 0);
        return dx;
    }

    @Benchmark
    public Object layerNormOps() {
        return Ops.layerNorm(xt, gammaT, betaT, 1e-5f);
    }

    @Benchmark
    public float[] rmsNormForward() {
        Norms.rmsNorm(rows, h, x, 0, gamma, 0, 1e-6f, out, 0, rstd, 0);
        return out;
    }

    @Benchmark
    public float[] rmsNormBackward() {
        Norms.rmsNormBackward(rows, h, dy, 0, x, 0, gamma, 0, rstd, 0, dx, 0, dgamma, 0);
        return dx;
    }
}
