package org.peft4j.federated.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.peft4j.federated.client.ClientConfig;
import org.peft4j.federated.client.FedClient;
import org.peft4j.federated.client.LocalTrainer;
import org.peft4j.federated.partition.LabelHistogram;
import org.peft4j.federated.partition.Partition;
import org.peft4j.federated.protocol.SharedKey;
import org.peft4j.federated.server.FedServer;
import org.peft4j.federated.server.ServerConfig;
import org.peft4j.federated.train.AdapterEvaluator;
import org.peft4j.federated.train.ClassificationClient;
import org.peft4j.federated.train.Party;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.TaskType;
import org.peft4j.finetune.task.EncodedSet;
import org.peft4j.peft.Peft;
import org.peft4j.tensor.Tensor;

/**
 * Runs a {@link SimulationConfig}: builds the server's model (the initial global adapter and the held-out
 * evaluator), splits the data, builds each client's model on its own thread, connects everyone over 127.0.0.1
 * with a fresh random HMAC key, and drives the rounds. After every round the server scores the new global on the
 * validation rows; each round becomes a {@link RoundRow} (printed, appended to summary.jsonl). At the end it
 * writes the plots and the final adapter in Hugging Face PEFT format.
 */
public final class Simulation {
    private Simulation() {}

    public static SimulationResult run(SimulationConfig c, Consumer<String> say) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path out = c.outDir();
        Files.createDirectories(out);

        Party server = Party.build(c.model(), c.spec(), c.task());
        Map<String, Tensor> initial = server.peft().adapterTensors();
        long adapterValues = 0;
        for (Tensor t : initial.values()) adapterValues += t.numel();
        say.accept(String.format(Locale.ROOT, "model: %s, %s; %d adapter tensors, %,d trainable values (%.2f%% of %,d)",
                c.model().name(), c.spec().describe(), initial.size(), adapterValues,
                100.0 * adapterValues / server.peft().numParameters(), server.peft().numParameters()));

        EncodedSet evalSet = server.task().encode(c.evalRows(), c.maxLength());
        AdapterEvaluator evaluator = new AdapterEvaluator(server.peft(), server.task(), evalSet, c.evalBatchSize());

        Partition partition = c.partition().split(c.train(), c.clients());
        say.accept(String.format(Locale.ROOT, "data: %s, %d training rows over %d clients (%s), %d validation rows, max length %d",
                c.dataName(), c.train().size(), c.clients(), c.partition(), evalSet.size(), c.maxLength()));
        if (c.task().type() == TaskType.CLASSIFICATION && c.clients() <= 20) {
            int[] labels = c.train().stream().mapToInt(Example::label).toArray();
            for (String line : LabelHistogram.of(partition, labels, c.task().labelNames()).format().split("\n")) say.accept("  " + line);
        }

        List<ClassificationClient> trainers = buildClients(c, partition);

        byte[] secret = new byte[SharedKey.MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        SharedKey key = new SharedKey(secret);
        ServerConfig sc = ServerConfig.defaults(key, c.rounds(), c.clientsPerRound(), out.resolve("server"))
                .withRoundDeadline(c.roundDeadline()).withSettings(c.local().toSettings())
                .withSampling((double) c.clientsPerRound() / c.clients(), c.clientsPerRound());

        List<RoundRow> rows;
        Path summary = out.resolve("summary.jsonl");
        try (RoundRecorder recorder = new RoundRecorder(evaluator, summary, say, start);
             FedServer fed = new FedServer(sc, initial, c.aggregator().get())) {
            int port = fed.start();
            say.accept(String.format(Locale.ROOT, "server: 127.0.0.1:%d, HMAC-SHA256 shared-key authentication, %s, %d rounds, %d of %d clients per round, settings %s",
                    port, fed.aggregatorName(), c.rounds(), c.clientsPerRound(), c.clients(), c.local().toSettings()));
            recorder.before(initial);
            fed.onRound(recorder);

            List<CompletableFuture<String>> running = new ArrayList<>();
            List<FedClient> clients = new ArrayList<>();
            Semaphore gate = c.parallelClients() > 0 ? new Semaphore(c.parallelClients(), true) : null;
            if (gate != null) say.accept("clients train at most " + c.parallelClients() + " at a time (--parallel-clients)");
            for (int i = 0; i < trainers.size(); i++) {
                LocalTrainer trainer = gate == null ? trainers.get(i) : new GatedTrainer(trainers.get(i), gate);
                FedClient fc = new FedClient(ClientConfig.defaults("127.0.0.1", port, key, clientId(i, c.clients())), trainer);
                clients.add(fc);
                running.add(runInThread(fc, "fed-client-" + i));
            }
            awaitConnected(fed, c.clients(), running);
            try {
                fed.run();
            } finally {
                for (FedClient fc : clients) fc.close();
            }
            for (CompletableFuture<String> f : running) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    say.accept("a client did not end cleanly: " + e);
                }
            }
            server.peft().loadAdapterTensors(fed.global(), true);
            rows = recorder.rows();
        }

        List<Path> plots = RoundPlots.write(rows, out, c.spec().describe());
        Path adapterDir = null;
        if (c.saveAdapter()) {
            adapterDir = out.resolve("adapter");
            Peft.save(server.peft(), adapterDir);
        }
        return new SimulationResult(rows, out, summary, plots, adapterDir, seconds(start));
    }

    /** Each client builds its model and encodes its partition; on a few threads, since loading is mostly I/O and setup. */
    private static List<ClassificationClient> buildClients(SimulationConfig c, Partition p) throws InterruptedException, IOException {
        List<CompletableFuture<ClassificationClient>> fs = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(4, c.clients()))) {
            for (int i = 0; i < c.clients(); i++) {
                int client = i;
                fs.add(CompletableFuture.supplyAsync(() -> {
                    Party party = Party.build(c.model(), c.spec(), c.task());
                    List<Example> mine = new ArrayList<>();
                    for (int idx : p.indices(client)) mine.add(c.train().get(idx));
                    EncodedSet data = party.task().encode(mine, c.maxLength());
                    return new ClassificationClient(party, data, null, c.local(), client);
                }, pool));
            }
        }
        List<ClassificationClient> out = new ArrayList<>();
        for (CompletableFuture<ClassificationClient> f : fs) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                throw new IOException("building a client failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return out;
    }

    /** Waits until n clients have joined; fails early if a client thread died. */
    public static void awaitConnected(FedServer fed, int n, List<CompletableFuture<String>> running) throws InterruptedException, IOException {
        long until = System.nanoTime() + 120_000_000_000L;
        while (fed.connectedClients().size() < n) {
            for (CompletableFuture<String> f : running)
                if (f.isCompletedExceptionally()) throw new IOException("a client failed to connect: " + f.exceptionNow());
            if (System.nanoTime() > until) throw new IOException("only " + fed.connectedClients().size() + " of " + n + " clients connected within 120 s");
            Thread.sleep(20);
        }
    }

    public static String clientId(int i, int n) {
        return String.format(Locale.ROOT, "client-%0" + Math.max(2, String.valueOf(n - 1).length()) + "d", i);
    }

    /** Runs a client on its own platform thread (training is CPU-bound); the future ends with the server's LEAVE reason. */
    public static CompletableFuture<String> runInThread(FedClient fc, String name) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                f.complete(fc.run());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static double seconds(long start) { return (System.nanoTime() - start) / 1e9; }
}
