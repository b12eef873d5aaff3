package org.peft4j.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peft4j.kernels.cpu.FloatFormat;
import org.peft4j.kernels.cpu.KernelPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `peft4j bench gemm`: GFLOP/s of our SGEMM on the workload and with the timing of sgemm_openblas.py. */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "Times C = A·B (m x k times k x n, fp32 or BF16 B) and prints one JSON line like ../shared/bench/sgemm_openblas.py.")
public final class BenchGemmCommand implements Callable<Integer> {
    enum BDtype { f32, bf16, f16 }

    enum Variant { blocked, naive }

    @Option(names = "--m", required = true, description = "rows of A and C") int m;
    @Option(names = "--n", required = true, description = "columns of B and C") int n;
    @Option(names = "--k", required = true, description = "columns of A, rows of B") int k;
    @Option(names = "--threads", defaultValue = "0", description = "kernel threads (default: all cores)") int threads;
    @Option(names = "--dtype", defaultValue = "f32", description = "B's storage: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})") BDtype dtype;
    @Option(names = "--trans-b", description = "store B as n x k (a linear layer's [out, in] weight) instead of k x n") boolean transB;
    @Option(names = "--seconds", defaultValue = "2.0", description = "timing budget (default ${DEFAULT-VALUE}, as the peer script)") double seconds;
    @Option(names = "--variant", defaultValue = "blocked",
            description = "blocked (our GEMM) or naive (the textbook triple loop, single thread, fp32 only); default ${DEFAULT-VALUE}")
    Variant variant;
    @Option(names = "--warmup", defaultValue = "1.0", description = "untimed JIT warm-up seconds (default ${DEFAULT-VALUE})") double warmup;

    @Override
    public Integer call() {
        if (threads < 0) throw new IllegalArgumentException("--threads must be >= 1 (or 0 for all cores), got " + threads);
        if (threads > 0) KernelPool.setThreads(threads);
        FloatFormat format = switch (dtype) {
            case f32 -> null;
            case bf16 -> FloatFormat.BF16;
            case f16 -> FloatFormat.F16;
        };
        try (GemmWorkload work = new GemmWorkload(m, n, k, format, transB, 0)) {
            Runnable op = variant == Variant.naive ? work.naive() : work;
            BenchTimer.Result r = BenchTimer.measure(op, seconds, warmup, 3, 5);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("peer", "peft4j");
            line.put("m", m);
            line.put("n", n);
            line.put("k", k);
            line.put("threads", KernelPool.threads());
            line.put("dtype", dtype.name());
            line.put("trans_b", transB);
            if (variant != Variant.blocked) line.put("variant", variant.name());
            line.put("runs", r.runs());
            line.put("gflops_best", BenchTimer.round2(r.bestRate(work.flops()) / 1e9));
            line.put("gflops_median", BenchTimer.round2(r.medianRate(work.flops()) / 1e9));
            // One kernel thread runs everything on this thread: its CPU time is immune to other load on the machine.
            if (KernelPool.threads() == 1 && Double.isFinite(r.bestCpuSeconds()))
                line.put("gflops_best_cpu", BenchTimer.round2(work.flops() / r.bestCpuSeconds() / 1e9));
            BenchOutput.printLine(System.out, line);
        }
        return 0;
    }
}
