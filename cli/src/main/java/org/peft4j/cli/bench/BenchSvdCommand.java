package org.peft4j.cli.bench;

import org.peft4j.cli.CommandErrors;
import org.peft4j.kernels.cpu.KernelPool;
import org.peft4j.peft.federa.RandomizedSvd;
import org.peft4j.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `peft4j bench svd`: time of FeDeRA's randomized truncated SVD for one weight matrix (the per-layer init cost). */
@Command(name = "svd", mixinStandardHelpOptions = true,
        description = "Times the randomized top-r SVD FeDeRA runs per layer (m x n Gaussian weight) and prints one JSON line.")
public final class BenchSvdCommand implements Callable<Integer> {
    @Option(names = "--m", defaultValue = "768", description = "rows (out features, default ${DEFAULT-VALUE})") int m;
    @Option(names = "--n", defaultValue = "768", description = "columns (in features, default ${DEFAULT-VALUE})") int n;
    @Option(names = "--r", defaultValue = "8", description = "rank (default ${DEFAULT-VALUE})") int r;
    @Option(names = "--niter", defaultValue = "4", description = "power iterations (PEFT's pissa_niter_K, default ${DEFAULT-VALUE})") int niter;
    @Option(names = "--oversampling", defaultValue = "10", description = "extra test vectors (default ${DEFAULT-VALUE})") int oversampling;
    @Option(names = "--threads", defaultValue = "0", description = "kernel threads (default: all cores)") int threads;
    @Option(names = "--warmup", defaultValue = "3", description = "untimed runs (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--iters", defaultValue = "5", description = "timed runs (default ${DEFAULT-VALUE})") int iters;

    @Override
    public Integer call() {
        return CommandErrors.run("bench svd", () -> {
            if (threads < 0) throw new IllegalArgumentException("--threads must be >= 1 (or 0 for all cores), found " + threads);
            if (iters < 1 || warmup < 0) throw new IllegalArgumentException("--iters must be >= 1 and --warmup >= 0");
            if (threads > 0) KernelPool.setThreads(threads);
            SplittableRandom rng = new SplittableRandom(0);
            float[] w = new float[Math.multiplyExact(m, n)];
            for (int i = 0; i < w.length; i++) w[i] = (float) (0.02 * rng.nextGaussian());
            Tensor weight = Tensor.of(w, m, n);
            RandomizedSvd.Options o = new RandomizedSvd.Options(oversampling, niter, 1);
            for (int i = 0; i < warmup; i++) RandomizedSvd.compute(weight, r, o);
            double[] ms = new double[iters];
            for (int i = 0; i < iters; i++) {
                long t0 = System.nanoTime();
                RandomizedSvd.compute(weight, r, o);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("workload", "federa-svd");
            line.put("m", m);
            line.put("n", n);
            line.put("r", r);
            line.put("niter", niter);
            line.put("oversampling", oversampling);
            line.put("ms_best", BenchTimer.round1(ms[0]));
            line.put("ms_median", BenchTimer.round1(ms[iters / 2]));
            line.put("peer", "peft4j");
            line.put("threads", KernelPool.threads());
            BenchOutput.printLine(System.out, line);
            return 0;
        });
    }
}
