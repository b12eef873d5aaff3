package org.peft4j.cli.bench;

import org.peft4j.cli.CommandErrors;
import org.peft4j.cli.TraceOption;
import org.peft4j.kernels.cpu.KernelPool;
import org.peft4j.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** `peft4j bench decode`: greedy KV-cached decoding tokens/s on GPT-2 124M's shape, like torch_peer.py decode. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Times greedy KV-cached decoding (batch 1) on random GPT-2 124M weights; prints one JSON line like ../shared/bench/torch_peer.py decode.")
public final class BenchDecodeCommand implements Callable<Integer> {
    enum WeightDtype { f32, bf16 }

    @Option(names = "--arch", defaultValue = "gpt2-124m", description = "model shape (only gpt2-124m)") String arch;
    @Option(names = "--prompt", defaultValue = "16", description = "prompt tokens (default ${DEFAULT-VALUE})") int prompt;
    @Option(names = "--tokens", defaultValue = "128", description = "decoded tokens per run (default ${DEFAULT-VALUE})") int tokens;
    @Option(names = "--threads", defaultValue = "0", description = "kernel threads (default: all cores)") int threads;
    @Option(names = "--dtype", defaultValue = "f32", description = "weight storage: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})") WeightDtype dtype;
    @Option(names = "--warmup", defaultValue = "2", description = "untimed runs for the JIT (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--iters", defaultValue = "5", description = "timed runs (default ${DEFAULT-VALUE}, as the peer)") int iters;
    /** Traces one extra run after the timed ones, so the reported rates are untouched by tracing. */
    @Mixin TraceOption trace;

    @Override
    public Integer call() {
        return CommandErrors.run("bench decode", () -> {
            if (threads < 0) throw new IllegalArgumentException("--threads must be >= 1 (or 0 for all cores), found " + threads);
            if (iters < 1 || warmup < 0) throw new IllegalArgumentException("--iters must be >= 1 and --warmup >= 0, found " + iters + " and " + warmup);
            if (threads > 0) KernelPool.setThreads(threads);
            DecodeWorkload w = new DecodeWorkload(arch, prompt, tokens, dtype == WeightDtype.bf16 ? DType.BF16 : DType.F32, 0);
            for (int i = 0; i < warmup; i++) w.run();
            double[] times = new double[iters];
            for (int i = 0; i < iters; i++) times[i] = w.run();
            Arrays.sort(times);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("workload", "decode");
            line.put("arch", arch);
            line.put("prompt", prompt);
            line.put("tokens", tokens);
            line.put("tokens_per_s_best", BenchTimer.round2(tokens / times[0]));
            line.put("tokens_per_s_median", BenchTimer.round2(tokens / times[iters / 2]));
            line.put("peer", "peft4j");
            line.put("threads", KernelPool.threads());
            line.put("dtype", dtype.name());
            BenchOutput.printLine(System.out, line);
            trace.traced(w::run);
            return 0;
        });
    }
}
