package org.peft4j.cli.fed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.peft4j.cli.CommandErrors;
import org.peft4j.federated.client.ClientConfig;
import org.peft4j.federated.client.FedClient;
import org.peft4j.federated.partition.Partition;
import org.peft4j.federated.protocol.SharedKey;
import org.peft4j.federated.sim.PartitionScheme;
import org.peft4j.federated.sim.Simulation;
import org.peft4j.federated.train.ClassificationClient;
import org.peft4j.federated.train.ModelSource;
import org.peft4j.federated.train.Party;
import org.peft4j.federated.train.AdapterSpec;
import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.finetune.data.Example;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `peft4j fed client`: a federated client (or, with --count, several) as its own process. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Run a federated client: connects to the server with the shared key, fine-tunes the adapter on its own data each "
                + "round (settings come from the server) and sends back only the adapter. Its data is --data (e.g. a client file of "
                + "`fed partition`), or share --shard I of --shards N of it. --count C runs C clients (shards I..I+C-1) in this process.")
public final class FedClientCommand implements Callable<Integer> {
    @Mixin AdapterOptions adapter;
    @Mixin LocalTrainingOptions local;
    @Mixin DataOptions data;

    @Option(names = "--key", required = true, description = "shared key file (the server's)")
    Path keyFile;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "server host; default ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "7070", description = "server port; default ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--id", defaultValue = "client", description = "client id (with --count, the prefix of id-<shard>); default ${DEFAULT-VALUE}")
    String id;

    @Option(names = "--shards", defaultValue = "1", description = "split the training rows of --data into this many shards; default ${DEFAULT-VALUE}")
    int shards;

    @Option(names = "--shard", defaultValue = "0", description = "which shard this client trains on (0-based); default ${DEFAULT-VALUE}")
    int shard;

    @Option(names = "--count", defaultValue = "1", description = "clients to run in this process, on shards --shard .. --shard+count-1; default ${DEFAULT-VALUE}")
    int count;

    @Option(names = "--partition", defaultValue = "iid", description = "how the shards are cut: iid or dirichlet; default ${DEFAULT-VALUE}")
    String partition;

    @Option(names = "--dirichlet-alpha", defaultValue = "0.5", description = "Dirichlet concentration; default ${DEFAULT-VALUE}")
    double dirichletAlpha;

    @Option(names = "--partition-seed", defaultValue = "42", description = "shard seed (all clients must use the same); default ${DEFAULT-VALUE}")
    long partitionSeed;

    @Option(names = "--max-attempts", defaultValue = "30", description = "consecutive failed connection attempts before giving up (-1 = never); default ${DEFAULT-VALUE}")
    int maxAttempts;

    @Override
    public Integer call() {
        return CommandErrors.run("fed client", () -> {
            if (count < 1 || shard < 0 || shard + count > shards)
                throw new IllegalArgumentException("--shard " + shard + " --count " + count + " must lie within --shards " + shards);
            SharedKey key = SharedKey.load(keyFile);
            DatasetSplits s = data.splits();
            Partition p = PartitionScheme.parse(partition, dirichletAlpha, partitionSeed).split(s.train(), shards);
            ModelSource source = adapter.source();
            AdapterSpec spec = adapter.spec();
            List<FedClient> clients = new ArrayList<>();
            List<CompletableFuture<String>> running = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int k = shard; k < shard + count; k++) {
                List<Example> mine = new ArrayList<>();
                for (int i : p.indices(k)) mine.add(s.train().get(i));
                Party party = Party.build(source, spec, s.task());
                var encoded = party.task().encode(mine, data.maxLength);
                String name = count == 1 && shards == 1 ? id : id + "-" + Simulation.clientId(k, shards).substring("client-".length());
                ClientConfig cc = ClientConfig.defaults(host, port, key, name).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), maxAttempts);
                FedClient fc = new FedClient(cc, new ClassificationClient(party, encoded, null, local.settings(), k));
                clients.add(fc);
                String share = shards == 1 ? "all of " + data.describe() : String.format(Locale.ROOT, "shard %d of %d, %s", k, shards, partition);
                if (count <= 10) System.out.printf(Locale.ROOT, "%s: %d training rows (%s), %s%n", name, encoded.size(), share, spec.describe());
                names.add(name);
                running.add(Simulation.runInThread(fc, "fed-client-" + name));
            }
            if (count > 10) System.out.printf(Locale.ROOT, "%d clients %s-%d..%d started, %s%n", count, id, shard, shard + count - 1, spec.describe());
            int failed = 0;
            for (int i = 0; i < running.size(); i++) {
                try {
                    String reason = running.get(i).get();
                    if (count <= 10) System.out.printf(Locale.ROOT, "%s: %d rounds trained, server said: %s%n", names.get(i), clients.get(i).roundsTrained(), reason);
                } catch (ExecutionException e) {
                    failed++;
                    System.err.println(names.get(i) + " failed: " + e.getCause().getMessage());
                }
            }
            if (count > 10) {
                int rounds = clients.stream().mapToInt(FedClient::roundsTrained).sum();
                System.out.printf(Locale.ROOT, "%d clients finished (%d failed), %d client-rounds trained%n", count, failed, rounds);
            }
            return failed == 0 ? 0 : 1;
        });
    }
}
