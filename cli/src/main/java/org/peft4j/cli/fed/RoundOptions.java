package org.peft4j.cli.fed;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.peft4j.federated.server.Aggregator;
import org.peft4j.federated.server.FedAdam;
import picocli.CommandLine.Option;

/** How the server runs its rounds: how many, how long each may take, and how it aggregates. */
public final class RoundOptions {
    @Option(names = "--rounds", defaultValue = "3", description = "federated rounds; default ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--deadline", defaultValue = "600", description = "seconds from a round's broadcast to the last accepted update; default ${DEFAULT-VALUE}")
    long deadlineSeconds;

    @Option(names = "--aggregator", defaultValue = "fedavg", description = "fedavg or fedadam (server-side Adam on the averaged change); default ${DEFAULT-VALUE}")
    String aggregator;

    @Option(names = "--server-lr", defaultValue = "0.01", description = "FedAdam server learning rate; default ${DEFAULT-VALUE}")
    double serverLr;

    public int rounds() { return rounds; }

    public Duration deadline() {
        if (deadlineSeconds < 1) throw new IllegalArgumentException("--deadline must be >= 1 second, got " + deadlineSeconds);
        return Duration.ofSeconds(deadlineSeconds);
    }

    /** A fresh aggregator per run (FedAdam keeps state). */
    public Supplier<Aggregator> aggregator() {
        return switch (aggregator.toLowerCase(Locale.ROOT)) {
            case "fedavg" -> Aggregator::fedAvg;
            case "fedadam" -> () -> FedAdam.withLearningRate(serverLr);
            default -> throw new IllegalArgumentException("--aggregator: expected fedavg or fedadam, found '" + aggregator + "'");
        };
    }
}
