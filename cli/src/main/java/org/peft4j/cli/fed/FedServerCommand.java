package org.peft4j.cli.fed;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peft4j.cli.CommandErrors;
import org.peft4j.federated.protocol.SharedKey;
import org.peft4j.federated.server.FedServer;
import org.peft4j.federated.server.ServerConfig;
import org.peft4j.federated.sim.RoundRecorder;
import org.peft4j.federated.train.AdapterEvaluator;
import org.peft4j.federated.train.Party;
import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.peft.Peft;
import org.peft4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `peft4j fed server`: the federated averaging server as its own process. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the federated server: builds the initial adapter from --model/--method (clients must use the same), admits "
                + "clients holding the shared key, runs --rounds rounds, scores each new global adapter on the validation rows of --data "
                + "(unless --no-eval) and writes OUT/server/rounds.jsonl, OUT/summary.jsonl and the final adapter OUT/adapter (HF PEFT format).")
public final class FedServerCommand implements Callable<Integer> {
    @Mixin AdapterOptions adapter;
    @Mixin LocalTrainingOptions local;
    @Mixin RoundOptions rounds;
    @Mixin DataOptions data;

    @Option(names = "--key", required = true, description = "shared key file (64+ hex digits); see --generate-key")
    Path keyFile;

    @Option(names = "--generate-key", description = "create the key file with a fresh random key if it does not exist")
    boolean generateKey;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on; default ${DEFAULT-VALUE}")
    String bind;

    @Option(names = "--port", defaultValue = "7070", description = "port (0 = any free port); default ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--clients-per-round", defaultValue = "1", description = "clients sampled per round; a round waits until this many are connected; default ${DEFAULT-VALUE}")
    int clientsPerRound;

    @Option(names = "--wait-for", defaultValue = "0", description = "before round 1, wait until this many clients have joined (0 = --clients-per-round)")
    int waitFor;

    @Option(names = "--no-eval", description = "do not score the global adapter after each round")
    boolean noEval;

    @Option(names = "--eval-batch-size", defaultValue = "32", description = "evaluation batch size; default ${DEFAULT-VALUE}")
    int evalBatchSize;

    @Option(names = "--heap-each-round", description = "print the heap in use after each round (for load tests)")
    boolean heapEachRound;

    @Option(names = "--out", defaultValue = "runs/fed-server", description = "output folder; default ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() {
        return CommandErrors.run("fed server", () -> {
            long start = System.nanoTime();
            SharedKey key = generateKey && !Files.exists(keyFile) ? SharedKey.generate(keyFile) : SharedKey.load(keyFile);
            Party party = Party.build(adapter.source(), adapter.spec(), data.taskSpec());
            Map<String, Tensor> initial = party.peft().adapterTensors();
            AdapterEvaluator evaluator = null;
            if (!noEval) {
                DatasetSplits s = data.splits();
                if (s.validation().isEmpty()) throw new IllegalArgumentException("--data " + data.data + " has no validation rows to evaluate on (or give --no-eval)");
                var rows = data.evalLimit > 0 && data.evalLimit < s.validation().size() ? s.validation().subList(0, data.evalLimit) : s.validation();
                evaluator = new AdapterEvaluator(party.peft(), party.task(), party.task().encode(rows, data.maxLength), evalBatchSize);
            }
            ServerConfig cfg = ServerConfig.defaults(key, rounds.rounds(), clientsPerRound, out.resolve("server"))
                    .withRoundDeadline(rounds.deadline()).withSettings(local.settings().toSettings())
                    .withSampling(Double.MIN_VALUE, clientsPerRound).withBind(InetAddress.getByName(bind), port);
            System.out.printf(Locale.ROOT, "model: %s, %s; %d adapter tensors, %,d trainable values%n",
                    adapter.source().name(), adapter.spec().describe(), initial.size(), party.peft().numTrainableParameters());
            try (RoundRecorder recorder = new RoundRecorder(evaluator, out.resolve("summary.jsonl"), System.out::println, start);
                 FedServer server = new FedServer(cfg, initial, rounds.aggregator().get())) {
                int bound = server.start();
                System.out.printf(Locale.ROOT, "listening on %s:%d (HMAC-SHA256 shared-key auth), %s, %d rounds, %d clients per round%n",
                        bind, bound, server.aggregatorName(), rounds.rounds(), clientsPerRound);
                recorder.before(initial);
                server.onRound(report -> {
                    recorder.roundCompleted(report);
                    if (heapEachRound) System.out.println("  " + heapInUse());
                });
                int needed = waitFor > 0 ? waitFor : clientsPerRound;
                while (server.connectedClients().size() < needed) Thread.sleep(50);
                System.out.println(needed + " clients joined");
                server.run();
                party.peft().loadAdapterTensors(server.global(), true);
            }
            Path adapterDir = out.resolve("adapter");
            Peft.save(party.peft(), adapterDir);
            System.out.println("adapter (Hugging Face PEFT format): " + adapterDir.toAbsolutePath().normalize());
            System.out.println("round log: " + out.resolve("server").resolve("rounds.jsonl").toAbsolutePath().normalize());
            System.out.println(heapReport());
            return 0;
        });
    }

    /** Heap in use now (garbage included) and what the last collection left (the live set, at most that). */
    private static String heapInUse() {
        Runtime rt = Runtime.getRuntime();
        long afterGc = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) afterGc += p.getCollectionUsage().getUsed();
        return String.format(Locale.ROOT, "server heap: %.1f MiB in use, %.1f MiB after the last GC, %.1f MiB committed",
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0, afterGc / 1048576.0, rt.totalMemory() / 1048576.0);
    }

    /** Peak heap used over the run (sum of the heap pools' peaks) and the heap in use after a full GC. */
    static String heapReport() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return String.format(Locale.ROOT, "server heap: peak %.1f MiB (sum of heap pool peaks), %.1f MiB live after a full GC, max %.0f MiB",
                peak / 1048576.0, used / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    }
}
