package org.peft4j.cli.fed;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.peft4j.cli.CommandErrors;
import org.peft4j.federated.sim.PartitionScheme;
import org.peft4j.federated.sim.Simulation;
import org.peft4j.federated.sim.SimulationConfig;
import org.peft4j.federated.sim.SimulationResult;
import org.peft4j.finetune.data.DatasetSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `peft4j fed simulate`: a server and N clients in this process, over real sockets on 127.0.0.1. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a whole federated fine-tuning in one process: a server and --clients clients (threads) on 127.0.0.1 over "
                + "real sockets with HMAC authentication, each client with its own model copy and data share. Prints the global "
                + "adapter's validation accuracy before training and after every round, and the bytes up/down per round; writes "
                + "OUT/summary.jsonl, OUT/server/rounds.jsonl, OUT/accuracy.png, OUT/bytes.png and OUT/adapter (HF PEFT format).")
public final class FedSimulateCommand implements Callable<Integer> {
    @Mixin AdapterOptions adapter;
    @Mixin LocalTrainingOptions local;
    @Mixin DataOptions data;
    @Mixin RoundOptions rounds;

    @Option(names = "--clients", required = true, description = "number of clients")
    int clients;

    @Option(names = "--clients-per-round", defaultValue = "0", description = "clients sampled per round (0 = all)")
    int clientsPerRound;

    @Option(names = "--partition", defaultValue = "dirichlet", description = "iid or dirichlet (label skew); default ${DEFAULT-VALUE}")
    String partition;

    @Option(names = "--dirichlet-alpha", defaultValue = "0.5", description = "Dirichlet concentration (smaller = more skewed); default ${DEFAULT-VALUE}")
    double dirichletAlpha;

    @Option(names = "--partition-seed", defaultValue = "42", description = "partition seed; default ${DEFAULT-VALUE}")
    long partitionSeed;

    @Option(names = "--eval-batch-size", defaultValue = "32", description = "batch size of the server's evaluation; default ${DEFAULT-VALUE}")
    int evalBatchSize;

    @Option(names = "--out", description = "output folder (default ./runs/simulate-<timestamp>)")
    Path out;

    @Option(names = "--no-adapter", description = "do not write the final adapter")
    boolean noAdapter;

    @Option(names = "--parallel-clients", defaultValue = "0",
            description = "at most this many clients train at the same time (0 = all, as real devices would); "
                    + "with -Dpeft4j.threads=N this bounds the simulation's cores")
    int parallelClients;

    @Override
    public Integer call() {
        return CommandErrors.run("fed simulate", () -> {
            DatasetSplits s = data.splits();
            if (s.validation().isEmpty()) throw new IllegalArgumentException("--data " + data.data + " has no validation split to score the global adapter on");
            Path dir = out != null ? out : Path.of("runs", "simulate-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            SimulationConfig cfg = new SimulationConfig(adapter.source(), adapter.spec(), s.task(), s.train(), s.validation(), data.describe(),
                    clients, PartitionScheme.parse(partition, dirichletAlpha, partitionSeed), rounds.rounds(),
                    clientsPerRound == 0 ? clients : clientsPerRound, local.settings(), rounds.aggregator(), data.maxLength, evalBatchSize,
                    data.evalLimit, rounds.deadline(), dir, !noAdapter, parallelClients);
            SimulationResult r = Simulation.run(cfg, line -> System.out.println(line));
            Report.printEnd(r, System.out);
            return 0;
        });
    }
}
