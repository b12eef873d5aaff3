package org.peft4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.peft4j.autograd.Var;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.federated.client.ClientConfig;
import org.peft4j.federated.client.FedClient;
import org.peft4j.federated.client.LocalResult;
import org.peft4j.federated.client.LocalTrainer;
import org.peft4j.federated.protocol.SharedKey;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.federated.server.FedServer;
import org.peft4j.federated.server.ServerConfig;
import org.peft4j.finetune.data.BuiltinDatasets;
import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.data.Tasks;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.finetune.task.TextClassification;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.LoadOptions;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.safetensors.SafetensorsWriter;
import org.peft4j.weights.tokenizer.Tokenizer;

/**
 * Federated LoRA in one JVM: a FedAvg server and three clients talking over real sockets on 127.0.0.1. Each client
 * holds a private slice of SST-2 that never leaves it; per round it receives the global adapter, fine-tunes it
 * locally for a few steps, and sends back only the adapter tensors (LoRA A, B and the head) as safetensors. The
 * server averages them weighted by sample counts and evaluates the new global adapter.
 * Run: {@code examples/run.sh FederatedRound [--clients 3] [--rounds 1] [--local-steps 8] [--per-client 128] [--eval 200]}
 */
public final class FederatedRound {
    private FederatedRound() {}

    static final LoraConfig LORA = LoraConfig.of(8, 16).withTargets("query", "value");

    public static void main(String[] argv) throws Exception {
        ExampleArgs args = new ExampleArgs(argv, "--clients", "--rounds", "--local-steps", "--per-client", "--eval", "--batch", "--lr");
        int clients = args.integer("--clients", 3), rounds = args.integer("--rounds", 1), perClient = args.integer("--per-client", 128);
        Path dir = MiniLmFolder.locate();
        Tokenizer tokenizer = Tokenizer.fromFile(dir.resolve("tokenizer.json"));
        DatasetSplits sst2 = BuiltinDatasets.sst2Sample();

        // The server's copy of the model: it makes the initial adapter (same seed as the clients') and scores each new global.
        try (TransformerModel serverModel = Models.load(dir, LoadOptions.head("BertForSequenceClassification", 2))) {
            PeftModel global = Peft.apply(serverModel, LORA);
            TextClassification serverTask = new TextClassification(serverModel, Tasks.SST2, tokenizer);
            List<TextBatch> dev = serverTask.evalBatches(serverTask.encode(sst2.validation().subList(0, args.integer("--eval", 200)), 48), 32);
            Map<String, Tensor> initial = global.adapterTensors();
            System.out.printf(Locale.ROOT, "adapter: %d tensors, %,d values; one copy as safetensors is %,d bytes%n", initial.size(),
                    initial.values().stream().mapToLong(Tensor::numel).sum(), SafetensorsWriter.toBytes(initial, Map.of()).length);
            System.out.printf(Locale.ROOT, "round 0: global validation accuracy %.3f%n", serverTask.evaluate(dev).get("accuracy"));

            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);  // the shared HMAC key every frame is authenticated with
            SharedKey key = new SharedKey(secret);
            Path work = Files.createTempDirectory("peft4j-fed-example");
            ServerConfig cfg = ServerConfig.defaults(key, rounds, clients, work).withRoundDeadline(Duration.ofMinutes(10));
            try (FedServer server = new FedServer(cfg, initial)) {
                server.onRound(r -> {
                    global.loadAdapterTensors(r.global(), true);
                    System.out.printf(Locale.ROOT, "round %d: %d clients delivered %,d samples; %,d bytes up, %,d bytes down; global validation accuracy %.3f%n",
                            r.round(), r.delivered().size(), r.samples(), r.bytesUp(), r.bytesDown(), serverTask.evaluate(dev).get("accuracy"));
                });
                int port = server.start();
                List<CompletableFuture<String>> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    List<Example> mine = sst2.train().subList(c * perClient, (c + 1) * perClient); // this client's private data
                    String id = "client-" + c;
                    CompletableFuture<String> done = new CompletableFuture<>();
                    // A thread of its own per client (a shared pool could hold back a client the round waits for).
                    Thread.ofPlatform().name(id).start(() -> {
                        try {
                            done.complete(runClient(id, port, key, dir, tokenizer, mine, args));
                        } catch (Throwable t) {
                            done.completeExceptionally(t);
                        }
                    });
                    running.add(done);
                }
                server.run();
                for (CompletableFuture<String> f : running) System.out.println(f.get());
            }
        }
    }

    /** One client: its own model copy, its own data, the local training loop a round runs. */
    static String runClient(String id, int port, SharedKey key, Path dir, Tokenizer tokenizer, List<Example> data, ExampleArgs args) {
        try (TransformerModel model = Models.load(dir, LoadOptions.head("BertForSequenceClassification", 2))) {
            PeftModel peft = Peft.apply(model, LORA);
            TextClassification task = new TextClassification(model, Tasks.SST2, tokenizer);
            var train = task.encode(data, 48);
            var plan = task.trainPlan(train, args.integer("--batch", 16), id.hashCode(), false);
            int localSteps = args.integer("--local-steps", 8);
            LocalTrainer trainer = (round, globalAdapter) -> {
                peft.loadAdapterTensors(globalAdapter, true);   // start from the server's adapter
                AdamW opt = new AdamW(peft.trainableParameters(), args.real("--lr", 1e-3));
                double loss = 0;
                List<TextBatch> batches = plan.batches(round.round());
                for (int s = 0; s < localSteps; s++) {
                    Var l = task.trainStep().loss(batches.get(s % batches.size()));
                    l.backward();
                    opt.step();
                    opt.zeroGrad();
                    loss = l.item();
                }
                // Only the adapter goes back (the sample count weights the average): the data stays here.
                return new LocalResult(TensorUpdate.dense(peft.adapterTensors()), data.size(), Map.of("loss", loss));
            };
            return id + ": " + new FedClient(ClientConfig.defaults("127.0.0.1", port, key, id), trainer).run();
        } catch (Exception e) {
            throw new IllegalStateException(id + " failed: " + e.getMessage(), e);
        }
    }
}
