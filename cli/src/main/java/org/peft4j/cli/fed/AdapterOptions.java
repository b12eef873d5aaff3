package org.peft4j.cli.fed;

import java.nio.file.Files;
import java.nio.file.Path;
import org.peft4j.federated.train.AdapterSpec;
import org.peft4j.federated.train.LayerSelection;
import org.peft4j.federated.train.Method;
import org.peft4j.federated.train.ModelSource;
import picocli.CommandLine.Option;

/** The model and the adapter every party of a run must agree on (server, clients, simulation). */
public final class AdapterOptions {
    @Option(names = "--model", defaultValue = "minilm", description = "minilm (all-MiniLM-L6-v2 from the Maven jar), "
            + "a Hugging Face BERT/RoBERTa folder, or random-bert (a tiny seeded random BERT for load tests); default ${DEFAULT-VALUE}")
    String model;

    @Option(names = "--method", defaultValue = "lora", description = "lora, federa, ia3, adapter, bitfit or full; default ${DEFAULT-VALUE}")
    String method;

    @Option(names = {"-r", "--r", "--rank"}, defaultValue = "8", description = "LoRA/FeDeRA rank (as in `finetune --r`); default ${DEFAULT-VALUE}")
    int rank;

    @Option(names = "--alpha", defaultValue = "16", description = "LoRA alpha (scale = alpha / r); default ${DEFAULT-VALUE}")
    double alpha;

    @Option(names = "--layers", defaultValue = "all", description = "layers carrying adapters: all, last:K (split learning), first:K, middle:K or a list 0,2,5; default ${DEFAULT-VALUE}")
    String layers;

    @Option(names = "--reduction", defaultValue = "16", description = "bottleneck adapter reduction factor; default ${DEFAULT-VALUE}")
    int reduction;

    @Option(names = "--init-seed", defaultValue = "0", description = "adapter initialisation seed (must match on all parties); default ${DEFAULT-VALUE}")
    long initSeed;

    public AdapterSpec spec() {
        return new AdapterSpec(Method.parse(method), rank, alpha, reduction, LayerSelection.parse(layers), 4, initSeed);
    }

    public ModelSource source() {
        return switch (model) {
            case "minilm" -> ModelSource.miniLm();
            case "random-bert" -> ModelSource.randomBert(32, 2, 2, initSeed);
            default -> {
                Path dir = Path.of(model);
                if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--model: expected minilm, random-bert or a model folder, found '" + model + "'");
                yield ModelSource.folder(dir, dir.getFileName().toString());
            }
        };
    }
}
