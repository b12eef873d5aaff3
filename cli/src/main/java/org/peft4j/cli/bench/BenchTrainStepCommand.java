package org.peft4j.cli.bench;

import org.peft4j.cli.CommandErrors;
import org.peft4j.cli.TraceOption;
import org.peft4j.kernels.cpu.KernelPool;
import org.peft4j.cli.PeftMethodOptions;
import org.peft4j.peft.PeftConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** `peft4j bench train-step`: ms per fine-tuning step on BERT-base's shape, like torch_peer.py train-step. */
@Command(name = "train-step", mixinStandardHelpOptions = true,
        description = "Times forward + backward + AdamW on random BERT-base weights with a PEFT method (default LoRA r=8 on query/value); "
                + "prints one JSON line like ../shared/bench/torch_peer.py train-step.")
public final class BenchTrainStepCommand implements Callable<Integer> {
    @Option(names = "--arch", defaultValue = "bert-base", description = "model shape (only bert-base)") String arch;
    @Mixin PeftMethodOptions peft;
    @Option(names = "--batch", defaultValue = "8", description = "sequences per step (default ${DEFAULT-VALUE})") int batch;
    @Option(names = "--seq", defaultValue = "128", description = "tokens per sequence (default ${DEFAULT-VALUE})") int seq;
    @Option(names = "--threads", defaultValue = "0", description = "kernel threads (default: all cores)") int threads;
    @Option(names = "--warmup", defaultValue = "2", description = "untimed steps for the JIT (default ${DEFAULT-VALUE}, as the peer)") int warmup;
    @Option(names = "--full-last-layer", description = "compute the last layer for every token, as the peer does, "
            + "instead of only for the [CLS] rows the classification head reads (same loss and gradients)") boolean fullLastLayer;
    @Option(names = "--iters", defaultValue = "5", description = "timed steps (default ${DEFAULT-VALUE}, as the peer)") int iters;
    /** Traces one extra step after the timed ones, so the reported times are untouched by tracing. */
    @Mixin TraceOption trace;

    @Override
    public Integer call() {
        return CommandErrors.run("bench train-step", () -> {
            if (threads < 0) throw new IllegalArgumentException("--threads must be >= 1 (or 0 for all cores), found " + threads);
            if (iters < 1 || warmup < 0) throw new IllegalArgumentException("--iters must be >= 1 and --warmup >= 0, found " + iters + " and " + warmup);
            if (threads > 0) KernelPool.setThreads(threads);
            TrainStepWorkload w = new TrainStepWorkload(arch, config(), batch, seq, 0, !fullLastLayer);
            for (int i = 0; i < warmup; i++) w.step();
            double[] times = new double[iters], cpu = new double[iters];
            for (int i = 0; i < iters; i++) {
                long c0 = ProcessCpu.nanos(), t0 = System.nanoTime();
                w.step();
                times[i] = (System.nanoTime() - t0) / 1e6;
                cpu[i] = (ProcessCpu.nanos() - c0) / 1e6;
            }
            Arrays.sort(times);
            Arrays.sort(cpu);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("workload", "train-step");
            line.put("arch", arch);
            line.put("method", methodName());
            line.put("batch", batch);
            line.put("seq", seq);
            line.put("trainable_params", w.trainableParameters());
            line.put("last_layer", fullLastLayer ? "all-rows" : "head-rows");
            line.put("ms_best", BenchTimer.round1(times[0]));
            line.put("ms_median", BenchTimer.round1(times[iters / 2]));
            line.put("cpu_ms_best", BenchTimer.round1(cpu[0]));       // all threads' CPU time: robust on a busy machine
            line.put("cpu_ms_median", BenchTimer.round1(cpu[iters / 2]));
            line.put("peer", "peft4j");
            line.put("threads", KernelPool.threads());
            BenchOutput.printLine(System.out, line);
            trace.traced(() -> {
                w.step();
                return null;
            });
            return 0;
        });
    }

    /** The method (default: the peer's LoRA r=8, alpha 2r, on query and value). */
    PeftConfig config() {
        if (peft.method == null) peft.method = PeftMethodOptions.Method.lora;
        return peft.toConfig();
    }

    /** The peer's label for its LoRA ("lora-r8-qv"), the method name otherwise. */
    String methodName() {
        boolean peerLora = peft.method == PeftMethodOptions.Method.lora && (peft.targets == null || peft.targets.equals(java.util.List.of("query", "value")));
        return peerLora ? "lora-r" + peft.r + "-qv" : peft.method.name();
    }
}
