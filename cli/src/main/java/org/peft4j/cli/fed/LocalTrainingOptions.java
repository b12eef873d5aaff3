package org.peft4j.cli.fed;

import org.peft4j.federated.train.LocalSettings;
import picocli.CommandLine.Option;

/** What each client does per round; the server sends these to its clients with every round. */
public final class LocalTrainingOptions {
    @Option(names = "--local-steps", defaultValue = "10", description = "optimizer steps per client per round (0: use --local-epochs); default ${DEFAULT-VALUE}")
    long localSteps;

    @Option(names = "--local-epochs", defaultValue = "1", description = "passes over the local data per round when --local-steps is 0; default ${DEFAULT-VALUE}")
    int localEpochs;

    @Option(names = "--batch-size", defaultValue = "16", description = "local batch size; default ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "local AdamW learning rate (constant); default ${DEFAULT-VALUE}")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "0", description = "local AdamW weight decay; default ${DEFAULT-VALUE}")
    double weightDecay;

    @Option(names = "--prox-mu", defaultValue = "0", description = "FedProx proximal weight mu (0 = off); default ${DEFAULT-VALUE}")
    double proxMu;

    @Option(names = "--selection-rate", defaultValue = "1", description = "fraction of adapter entries (by Fisher information) that train and travel; default ${DEFAULT-VALUE}")
    double selectionRate;

    @Option(names = "--fisher-batches", defaultValue = "4", description = "batches the Fisher scores are estimated on; default ${DEFAULT-VALUE}")
    int fisherBatches;

    @Option(names = "--freeze-lora-a", description = "FFA-LoRA: keep lora_A at its shared initial value, train and average only lora_B (exact averaging)")
    boolean freezeLoraA;

    @Option(names = "--train-seed", defaultValue = "0", description = "seed of the clients' shuffles and dropout; default ${DEFAULT-VALUE}")
    long seed;

    public LocalSettings settings() {
        return new LocalSettings(localSteps, localEpochs, batchSize, lr, weightDecay, 1.0, proxMu, selectionRate, fisherBatches, freezeLoraA, seed);
    }
}
