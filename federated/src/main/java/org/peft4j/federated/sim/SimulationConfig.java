package org.peft4j.federated.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.peft4j.federated.server.Aggregator;
import org.peft4j.federated.train.AdapterSpec;
import org.peft4j.federated.train.LocalSettings;
import org.peft4j.federated.train.ModelSource;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.TaskSpec;

/**
 * A whole federated run in one process: a server and {@code clients} clients on 127.0.0.1 over real sockets with
 * HMAC authentication, each with its own model copy and its own share of the training examples.
 *
 * @param clientsPerRound how many connected clients each round samples (at most clients)
 * @param aggregator      a fresh server aggregator (FedAdam keeps state, so each run needs its own)
 * @param evalLimit       evaluate the global on only the first evalLimit validation rows (0 = all)
 * @param parallelClients at most this many clients train at the same time (0 = all of them, like real devices)
 * @param outDir          server log, checkpoint, round summary, plots and the final adapter go here
 */
public record SimulationConfig(ModelSource model, AdapterSpec spec, TaskSpec task, List<Example> train,
                               List<Example> validation, String dataName, int clients, PartitionScheme partition,
                               int rounds, int clientsPerRound, LocalSettings local, Supplier<Aggregator> aggregator,
                               int maxLength, int evalBatchSize, int evalLimit, Duration roundDeadline, Path outDir,
                               boolean saveAdapter, int parallelClients) {
    public SimulationConfig {
        if (clients < 1) throw new IllegalArgumentException("need at least one client, got " + clients);
        if (rounds < 1) throw new IllegalArgumentException("need at least one round, got " + rounds);
        if (clientsPerRound < 1 || clientsPerRound > clients)
            throw new IllegalArgumentException("clients per round must be in [1, " + clients + "], got " + clientsPerRound);
        if (train.size() < clients) throw new IllegalArgumentException(train.size() + " training rows cannot be split over " + clients + " clients");
        if (validation.isEmpty()) throw new IllegalArgumentException("the validation set is empty");
        if (maxLength < 8) throw new IllegalArgumentException("max length must be >= 8 tokens, got " + maxLength);
        if (parallelClients < 0) throw new IllegalArgumentException("parallel clients must be >= 0 (0 = all), got " + parallelClients);
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    public SimulationConfig withOutDir(Path d) {
        return new SimulationConfig(model, spec, task, train, validation, dataName, clients, partition, rounds, clientsPerRound, local,
                aggregator, maxLength, evalBatchSize, evalLimit, roundDeadline, d, saveAdapter, parallelClients);
    }

    /** The validation rows the global is scored on. */
    public List<Example> evalRows() {
        return evalLimit > 0 && evalLimit < validation.size() ? validation.subList(0, evalLimit) : validation;
    }
}
