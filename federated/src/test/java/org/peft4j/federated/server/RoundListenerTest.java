package org.peft4j.federated.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.federated.client.ClientConfig;
import org.peft4j.federated.client.FedClient;
import org.peft4j.federated.client.LocalResult;
import org.peft4j.federated.protocol.SharedKey;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.tensor.Tensor;

/** The round listener sees each aggregated global, the byte totals and the metrics; a custom aggregator is used. */
@Timeout(60)
class RoundListenerTest {
    @TempDir
    Path dir;

    @Test
    void listenerSeesEveryRoundWithTheAggregatorsResult() throws Exception {
        SharedKey key = new SharedKey(new byte[32]);
        ServerConfig cfg = ServerConfig.defaults(key, 3, 2, dir).withRoundDeadline(Duration.ofSeconds(20));
        List<RoundReport> reports = new ArrayList<>();
        try (FedServer server = new FedServer(cfg, Map.of("w", Tensor.zeros(4)), FedAdam.withLearningRate(0.1))) {
            server.onRound(reports::add);
            int port = server.start();
            List<CompletableFuture<String>> clients = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                float target = c + 1;
                FedClient client = new FedClient(ClientConfig.defaults("127.0.0.1", port, key, "c" + c), (round, global) -> {
                    float[] w = new float[4];
                    java.util.Arrays.fill(w, target);
                    return new LocalResult(TensorUpdate.dense(Map.of("w", Tensor.of(w, 4))), 10, Map.of("loss", (double) target));
                });
                CompletableFuture<String> f = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try { f.complete(client.run()); } catch (Throwable t) { f.completeExceptionally(t); }
                });
                clients.add(f);
            }
            server.run();
            for (CompletableFuture<String> f : clients) f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(3, reports.size());
        for (int i = 0; i < 3; i++) {
            RoundReport r = reports.get(i);
            assertEquals(i + 1, r.round());
            assertEquals("fedadam", r.aggregator());
            assertEquals(List.of("c0", "c1"), r.delivered());
            assertEquals(20, r.samples());
            assertEquals(1.5, r.metrics().get("loss"), 1e-12);
            assertTrue(r.bytesUp() > 2 * 16 && r.bytesDown() > 2 * 16, "frames carry at least the tensors: " + r.bytesUp() + " / " + r.bytesDown());
            assertTrue(Double.isNaN(r.loraAveragingGap()));
        }
        // round 1 of FedAdam from 0 towards the mean 1.5: m = 0.15, v = 0.0225, step = 0.1 * 0.15 / (0.15 + 1e-3)
        assertEquals(0.1 * 0.15 / (0.15 + 1e-3), reports.get(0).global().get("w").get(0), 1e-6);
    }
}
