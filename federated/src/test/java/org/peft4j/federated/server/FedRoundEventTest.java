package org.peft4j.federated.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.federated.client.ClientConfig;
import org.peft4j.federated.client.FedClient;
import org.peft4j.federated.client.LocalResult;
import org.peft4j.federated.client.LocalTrainer;
import org.peft4j.federated.protocol.SharedKey;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.*;

/** Two rounds with two loopback clients under an in-process flight recording: one FedRound event per round. */
@Timeout(60)
class FedRoundEventTest {
    private static final SharedKey KEY = new SharedKey(new byte[32]);

    private static LocalTrainer adding(float delta, long samples) {
        return (round, global) -> {
            Map<String, Tensor> out = new HashMap<>();
            global.forEach((k, v) -> out.put(k, org.peft4j.tensor.ops.Ops.addScalar(v, delta)));
            return new LocalResult(TensorUpdate.dense(out), samples, Map.of());
        };
    }

    private static CompletableFuture<String> client(int port, String id, LocalTrainer t) {
        CompletableFuture<String> f = new CompletableFuture<>();
        ClientConfig cfg = ClientConfig.defaults("127.0.0.1", port, KEY, id).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), -1);
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(new FedClient(cfg, t).run());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    @Test
    void oneEventPerRoundWithClientsAndBytes(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("fed.jfr");
        ServerConfig cfg = ServerConfig.defaults(KEY, 2, 2, dir.resolve("server")).withRoundDeadline(Duration.ofSeconds(20));
        try (Recording rec = new Recording(); FedServer server = new FedServer(cfg, Map.of("lora_A", Tensor.zeros(2, 4)))) {
            rec.enable(FedRoundEvent.NAME);
            rec.start();
            int port = server.start();
            CompletableFuture<String> a = client(port, "a", adding(1, 3)), b = client(port, "b", adding(2, 1));
            server.run();
            a.get(20, TimeUnit.SECONDS);
            b.get(20, TimeUnit.SECONDS);
            rec.stop();
            rec.dump(jfr);
        }
        List<RecordedEvent> rounds = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals(FedRoundEvent.NAME)).toList();
        assertEquals(List.of(1, 2), rounds.stream().map(e -> e.getInt("round")).toList());
        for (RecordedEvent e : rounds) {
            assertEquals(2, e.getInt("sampled"));
            assertEquals(2, e.getInt("delivered"));
            assertEquals(4, e.getLong("samples"));
            assertTrue(e.getLong("bytesUp") > 2 * 8 * 4, "two updates of 8 floats plus framing: " + e.getLong("bytesUp"));
            assertTrue(e.getLong("bytesDown") > 2 * 8 * 4);
            assertFalse(e.getDuration().isNegative());
        }
    }
}
