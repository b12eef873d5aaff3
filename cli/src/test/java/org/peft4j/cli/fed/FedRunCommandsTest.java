package org.peft4j.cli.fed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.cli.Main;
import picocli.CommandLine;

/** `fed simulate`, and `fed server` + `fed client` as separate commands, on the tiny random BERT. */
@Timeout(300)
class FedRunCommandsTest {
    private static final String[] TINY = {"--model", "random-bert", "--local-steps", "1", "--batch-size", "4", "--train-limit", "48", "--eval-limit", "16", "--max-length", "32"};

    private static String[] args(String[] head, String... tail) {
        String[] a = new String[head.length + TINY.length + tail.length];
        System.arraycopy(head, 0, a, 0, head.length);
        System.arraycopy(TINY, 0, a, head.length, TINY.length);
        System.arraycopy(tail, 0, a, head.length + TINY.length, tail.length);
        return a;
    }

    private static List<JsonNode> summary(Path f) throws Exception {
        ObjectMapper m = new ObjectMapper();
        return Files.readAllLines(f).stream().map(l -> {
            try { return m.readTree(l); } catch (Exception e) { throw new RuntimeException(e); }
        }).toList();
    }

    @Test
    void simulateRunsServerAndClientsInOneProcessWithSparseUpdates(@TempDir Path dir) throws Exception {
        int rc = new CommandLine(new Main()).execute(args(new String[]{"fed", "simulate"}, "--clients", "2", "--rounds", "2",
                "--partition", "iid", "--aggregator", "fedadam", "--selection-rate", "0.6", "--out", dir.toString()));
        assertEquals(0, rc);
        List<JsonNode> rows = summary(dir.resolve("summary.jsonl"));
        assertEquals(3, rows.size());
        assertEquals(2, rows.get(2).get("delivered").asInt());
        assertTrue(rows.get(1).get("bytesUp").asLong() > 0);
        assertTrue(Files.exists(dir.resolve("adapter/adapter_model.safetensors")));
        String log = Files.readString(dir.resolve("server/rounds.jsonl"));
        assertTrue(log.contains("\"aggregator\":\"fedadam\""), log);
        assertTrue(log.contains("\"values_sent\""), "clients report how many values they sent: " + log);
    }

    @Test
    void serverAndClientsAsSeparateCommands(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path key = dir.resolve("fed.key");
        String p = String.valueOf(port);
        // own threads, not the common pool: on 2 cores its one thread would run the server and queue the clients
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> new CommandLine(new Main()).execute(
                    args(new String[]{"fed", "server"}, "--key", key.toString(), "--generate-key", "--port", p, "--rounds", "2",
                            "--clients-per-round", "2", "--freeze-lora-a", "--out", dir.resolve("srv").toString())), threads);
            long until = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(key) && System.nanoTime() < until) Thread.sleep(20);
            CompletableFuture<Integer> clients = CompletableFuture.supplyAsync(() -> new CommandLine(new Main()).execute(
                    args(new String[]{"fed", "client"}, "--key", key.toString(), "--port", p, "--id", "site", "--shards", "2", "--count", "2",
                            "--partition", "dirichlet")), threads);
            assertEquals(0, server.get(240, TimeUnit.SECONDS));
            assertEquals(0, clients.get(60, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
        List<JsonNode> rows = summary(dir.resolve("srv/summary.jsonl"));
        assertEquals(3, rows.size());
        assertEquals(2, rows.get(1).get("delivered").asInt());
        assertEquals(0.0, rows.get(2).get("loraAveragingGap").asDouble(), 1e-6, "FFA-LoRA (frozen A) averages exactly");
        assertTrue(Files.exists(dir.resolve("srv/adapter/adapter_config.json")));
    }
}
