package org.peft4j.federated.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.federated.client.ClientConfig;
import org.peft4j.federated.client.EvalOutcome;
import org.peft4j.federated.client.FedClient;
import org.peft4j.federated.client.LocalResult;
import org.peft4j.federated.client.LocalTrainer;
import org.peft4j.federated.protocol.AuthenticationException;
import org.peft4j.federated.protocol.Connection;
import org.peft4j.federated.protocol.Deadlines;
import org.peft4j.federated.protocol.Frame;
import org.peft4j.federated.protocol.FrameLimits;
import org.peft4j.federated.protocol.Handshake;
import org.peft4j.federated.protocol.Message;
import org.peft4j.federated.protocol.MessageCodec;
import org.peft4j.federated.protocol.SharedKey;
import org.peft4j.federated.protocol.SparseTensor;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.federated.protocol.TestPki;
import org.peft4j.tensor.Tensor;

/** The FedAvg server and clients over real loopback sockets, with fake trainers and misbehaving peers. */
@Timeout(60)
class FedServerTest {
    private static final SharedKey KEY = new SharedKey(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final FrameLimits LIMITS = new FrameLimits(1 << 20, 1 << 16, Duration.ofSeconds(5));

    @TempDir
    Path dir;

    private static Map<String, Tensor> initial() {
        return Map.of("lora_A", Tensor.of(new float[]{0, 0, 0, 0}, 2, 2), "lora_B", Tensor.of(new float[]{0, 0}, 2));
    }

    private ServerConfig config(Path work, int rounds, int minClients) {
        return ServerConfig.defaults(KEY, rounds, minClients, work).withLimits(LIMITS).withRoundDeadline(Duration.ofSeconds(20));
    }

    /** Adds delta to every element and reports n samples. */
    private static LocalTrainer adding(float delta, long n) {
        return (round, global) -> {
            Map<String, Tensor> out = new HashMap<>();
            global.forEach((k, v) -> {
                float[] a = v.toFloatArray();
                for (int i = 0; i < a.length; i++) a[i] += delta;
                out.put(k, Tensor.of(a, v.shape()));
            });
            return new LocalResult(TensorUpdate.dense(out), n, Map.of("loss", (double) delta));
        };
    }

    private static LocalTrainer returning(TensorUpdate u) {
        return (round, global) -> new LocalResult(u, 5, Map.of());
    }

    private ClientConfig clientConfig(int port, String id) {
        return ClientConfig.defaults("127.0.0.1", port, KEY, id).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), -1);
    }

    private static CompletableFuture<String> runClient(FedClient c) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(c.run());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static CompletableFuture<Void> runServer(FedServer s) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                s.run();
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    private static List<JsonNode> events(Path log, String kind) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode n = m.readTree(line);
            if (n.get("event").asText().equals(kind)) out.add(n);
        }
        return out;
    }

    /** A peer that authenticates, then does something wrong once the round's global adapter arrives. */
    private interface Misbehaviour {
        void act(Connection c, Socket raw) throws Exception;
    }

    private static Thread evil(int port, String id, Misbehaviour m) {
        return Thread.ofVirtual().start(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                 Connection c = new Connection(s, new MessageCodec(LIMITS))) {
                Handshake.asClient(c, KEY, id, Duration.ofSeconds(10));
                c.expect(Message.RoundConfig.class, Deadlines.after(Duration.ofSeconds(30)));
                c.expect(Message.GlobalAdapter.class, Deadlines.after(Duration.ofSeconds(30)));
                m.act(c, s);
            } catch (Exception expected) {
                // the server hangs up on every one of these peers
            }
        });
    }

    private static byte[] frameHeader(int type, int flags, long length) {
        return ByteBuffer.allocate(12).put(Frame.MAGIC).putShort((short) Frame.VERSION).put((byte) type).put((byte) flags).putInt((int) length).array();
    }

    @Test
    void roundsCompleteWithTheHonestClientsWhateverTheOthersDo() throws Exception {
        Path work = dir.resolve("s1");
        ServerConfig cfg = config(work, 2, 2).withRoundDeadline(Duration.ofMillis(1500));
        try (FedServer server = new FedServer(cfg, initial())) {
            int port = server.start();

            // peers that never get in: garbage instead of a handshake, and the wrong key
            try (Socket g = new Socket(InetAddress.getLoopbackAddress(), port)) {
                g.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                g.getOutputStream().flush();
                byte[] reply = g.getInputStream().readAllBytes(); // one ERROR bad_frame, then the server hangs up
                assertEquals("P4JF", new String(reply, 0, 4));
                assertEquals(10, reply[6], "ERROR frame");
                assertTrue(new String(reply).contains("bad_frame"), new String(reply));
            }
            byte[] wrong = new byte[32];
            FedClient impostor = new FedClient(clientConfig(port, "impostor").withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), 0)
                    .withKey(new SharedKey(wrong)), adding(100, 1));
            assertInstanceOf(AuthenticationException.class, assertThrows(Exception.class, () -> runClient(impostor).get(20, TimeUnit.SECONDS)).getCause());

            // honest: A adds 1 with 1 sample (dense); B adds 2 with 3 samples but only to lora_A[0,0] (sparse)
            FedClient a = new FedClient(clientConfig(port, "a-honest"), adding(1, 1));
            FedClient b = new FedClient(clientConfig(port, "b-honest"), (round, global) -> {
                Tensor g = global.get("lora_A");
                float[] v = g.toFloatArray();
                v[0] += 2;
                SparseTensor s = SparseTensor.select(Tensor.of(v, 2, 2), new boolean[]{true, false, false, false});
                return new LocalResult(new TensorUpdate(Map.of(), Map.of("lora_A", s)), 3, Map.of("loss", 0.5));
            });
            CompletableFuture<String> ra = runClient(a), rb = runClient(b);

            // authenticated but bad: invalid updates (connection kept) and protocol violations (connection dropped)
            List<CompletableFuture<String>> invalid = List.of(
                    runClient(new FedClient(clientConfig(port, "nan"), returning(TensorUpdate.dense(Map.of("lora_B", Tensor.of(new float[]{Float.NaN, 0}, 2)))))),
                    runClient(new FedClient(clientConfig(port, "shape"), returning(TensorUpdate.dense(Map.of("lora_B", Tensor.zeros(3)))))),
                    runClient(new FedClient(clientConfig(port, "name"), returning(TensorUpdate.dense(Map.of("lora_C", Tensor.zeros(2)))))));
            List<Thread> raw = List.of(
                    evil(port, "killed", (c, s) -> s.close()),
                    evil(port, "stalled", (c, s) -> Thread.sleep(10_000)),
                    evil(port, "oversized", (c, s) -> {
                        OutputStream o = s.getOutputStream();
                        o.write(frameHeader(7, Frame.FLAG_MAC, 0xfffffff0L));
                        o.flush();
                        Thread.sleep(10_000);
                    }),
                    evil(port, "truncated", (c, s) -> {
                        OutputStream o = s.getOutputStream();
                        o.write(frameHeader(7, Frame.FLAG_MAC, 100));
                        o.write(new byte[10]);
                        o.flush();
                        s.shutdownOutput();
                        Thread.sleep(10_000);
                    }),
                    evil(port, "garbage", (c, s) -> {
                        s.getOutputStream().write("\0\0\0\0garbage garbage garbage".getBytes());
                        s.getOutputStream().flush();
                        Thread.sleep(10_000);
                    }));
            await(() -> server.connectedClients().size() == 10, "10 authenticated clients");
            runServer(server).get(30, TimeUnit.SECONDS);
            assertEquals(0, server.openConnections(), "every dropped, refused or finished connection was closed");

            // lora_A[0,0]: each round += (1·1 + 3·2)/4 = 1.75; all other elements only get A's +1
            assertArrayEquals(new float[]{3.5f, 2, 2, 2}, server.global().get("lora_A").toFloatArray());
            assertArrayEquals(new float[]{2, 2}, server.global().get("lora_B").toFloatArray());
            assertTrue(ra.get(20, TimeUnit.SECONDS).contains("training complete after round 2"));
            assertTrue(rb.get(20, TimeUnit.SECONDS).contains("training complete"));
            for (CompletableFuture<String> f : invalid) assertTrue(f.get(20, TimeUnit.SECONDS).contains("training complete"), "invalid senders stay connected");
            for (Thread t : raw) t.interrupt();

            List<JsonNode> rounds = events(cfg.eventLog(), "round");
            assertEquals(2, rounds.size());
            JsonNode r1 = rounds.get(0);
            assertEquals("[\"a-honest\",\"b-honest\"]", r1.get("clients").toString());
            assertEquals(4, r1.get("samples").asLong());
            assertEquals((1 * 1.0 + 3 * 0.5) / 4, r1.get("metrics").get("loss").asDouble(), 1e-12);
            assertTrue(r1.get("bytes_up").asLong() > 0 && r1.get("bytes_down").asLong() > 0);
            JsonNode dropped = r1.get("dropped");
            assertEquals(8, dropped.size(), dropped.toString());
            assertTrue(dropped.get("nan").asText().contains("element 0 is NaN"), dropped.toString());
            assertTrue(dropped.get("shape").asText().contains("shape [3], expected [2]"), dropped.toString());
            assertTrue(dropped.get("name").asText().contains("'lora_C' is not part of the global adapter"), dropped.toString());
            assertTrue(dropped.get("killed").asText().matches("(TruncatedFrame|PeerClosed)Exception.*"), dropped.toString());
            assertTrue(dropped.get("stalled").asText().contains("missed the round deadline"), dropped.toString());
            assertTrue(dropped.get("oversized").asText().startsWith("FrameTooLargeException"), dropped.toString());
            assertTrue(dropped.get("truncated").asText().startsWith("TruncatedFrameException"), dropped.toString());
            assertTrue(dropped.get("garbage").asText().startsWith("BadMagicException"), dropped.toString());
            assertEquals(3, rounds.get(1).get("dropped").size(), "round 2: the raw peers are gone, the invalid senders fail again");

            List<JsonNode> rejected = events(cfg.eventLog(), "rejected");
            assertTrue(rejected.stream().anyMatch(e -> e.get("error").asText().equals("BadMagicException")), rejected.toString());
            assertTrue(rejected.stream().anyMatch(e -> e.get("error").asText().equals("AuthenticationException")
                    && e.get("reason").asText().contains("impostor")), rejected.toString());
            assertEquals(2, new CheckpointStore(cfg.checkpointDir()).load().orElseThrow().round());
        }
    }

    /** Deterministic but not trivial: w ← 0.9·w + c·(round + 1)/7, n = 2 + c. */
    private static LocalTrainer decaying(int c) {
        return (round, global) -> {
            Map<String, Tensor> out = new HashMap<>();
            global.forEach((k, v) -> {
                float[] a = v.toFloatArray();
                for (int i = 0; i < a.length; i++) a[i] = 0.9f * a[i] + c * (round.round() + i + 1) / 7f;
                out.put(k, Tensor.of(a, v.shape()));
            });
            return new LocalResult(TensorUpdate.dense(out), 2 + c, Map.of());
        };
    }

    private Map<String, Tensor> train(Path work, int rounds) throws Exception {
        try (FedServer server = new FedServer(config(work, rounds, 2), initial())) {
            int port = server.start();
            CompletableFuture<String> a = runClient(new FedClient(clientConfig(port, "c1"), decaying(1)));
            CompletableFuture<String> b = runClient(new FedClient(clientConfig(port, "c2"), decaying(2)));
            runServer(server).get(30, TimeUnit.SECONDS);
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
            return server.global();
        }
    }

    @Test
    void restartResumesFromTheLastCompletedRoundWithIdenticalWeights() throws Exception {
        Map<String, Tensor> straight = train(dir.resolve("straight"), 4);
        Path work = dir.resolve("resumed");
        train(work, 2);
        assertEquals(2, new CheckpointStore(work.resolve("checkpoint")).load().orElseThrow().round());
        Map<String, Tensor> resumed = train(work, 4);
        for (String name : straight.keySet())
            assertArrayEquals(straight.get(name).toFloatArray(), resumed.get(name).toFloatArray(), name + " must match to the bit");
        List<JsonNode> rounds = events(work.resolve("rounds.jsonl"), "round");
        assertEquals(List.of(1, 2, 3, 4), rounds.stream().map(r -> r.get("round").asInt()).toList());
        assertEquals(2, events(work.resolve("rounds.jsonl"), "resumed").get(0).get("round").asInt());
    }

    @Test
    void aClientDroppedMidRoundReconnectsAndRejoins() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // the slow client starts before the server exists: it must keep retrying with backoff
        FedClient slow = new FedClient(clientConfig(port, "slow"), (round, global) -> {
            if (round.round() == 1) Thread.sleep(2500); // past the 1.5 s deadline: the server drops this connection
            return adding(10, 1).train(round, global);
        });
        CompletableFuture<String> rs = runClient(slow);
        Thread.sleep(100);
        ServerConfig cfg = new ServerConfig(InetAddress.getLoopbackAddress(), port, null, KEY, "srv", 2, 1.0, 2,
                Duration.ofSeconds(30), Duration.ofMillis(1500), Duration.ofSeconds(5), 0, Map.of("lr", 0.1), 0, LIMITS,
                dir.resolve("s3/checkpoint"), dir.resolve("s3/rounds.jsonl"), 64);
        try (FedServer server = new FedServer(cfg, initial())) {
            server.start();
            CompletableFuture<String> rf = runClient(new FedClient(clientConfig(port, "fast"), adding(1, 1)));
            await(() -> server.connectedClients().size() == 2, "both clients");
            runServer(server).get(30, TimeUnit.SECONDS);
            List<JsonNode> rounds = events(cfg.eventLog(), "round");
            assertTrue(rounds.get(0).get("dropped").get("slow").asText().contains("missed the round deadline"), rounds.get(0).toString());
            assertEquals("[\"fast\",\"slow\"]", rounds.get(1).get("clients").toString());
            // round 1: fast alone, +1; round 2: (1·(1+1) + 1·(1+10))/2 = 6.5
            assertArrayEquals(new float[]{6.5f, 6.5f}, server.global().get("lora_B").toFloatArray());
            assertNotNull(rs.get(20, TimeUnit.SECONDS));
            rf.get(20, TimeUnit.SECONDS);
            assertEquals(2, slow.connections(), "one reconnection");
        }
    }

    @Test
    void evaluationOverMutualTls() throws Exception {
        TestPki pki = TestPki.shared();
        ServerConfig cfg = config(dir.resolve("s4"), 1, 2).withTls(pki.server()).withEvalEvery(1);
        try (FedServer server = new FedServer(cfg, initial())) {
            int port = server.start();
            List<CompletableFuture<String>> clients = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int n = 10 * (i + 1);
                double acc = 0.5 + 0.25 * i;
                LocalTrainer t = new LocalTrainer() {
                    public LocalResult train(org.peft4j.federated.client.RoundContext r, Map<String, Tensor> g) throws Exception {
                        return adding(1, 1).train(r, g);
                    }

                    public EvalOutcome evaluate(int round, Map<String, Tensor> w) {
                        assertEquals(1f, w.get("lora_B").get(0), "evaluates the new global");
                        return new EvalOutcome(n, Map.of("accuracy", acc));
                    }
                };
                clients.add(runClient(new FedClient(clientConfig(port, "tls-" + i).withTls(pki.client()), t)));
            }
            runServer(server).get(30, TimeUnit.SECONDS);
            for (CompletableFuture<String> c : clients) c.get(20, TimeUnit.SECONDS);
            JsonNode eval = events(cfg.eventLog(), "eval").get(0);
            assertEquals((10 * 0.5 + 20 * 0.75) / 30, eval.get("metrics").get("accuracy").asDouble(), 1e-12);
            assertEquals(30, eval.get("samples").asLong());
        }
    }
}
