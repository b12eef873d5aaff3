package org.peft4j.federated.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.Tensor;

class HandshakeTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final MessageCodec CODEC = new MessageCodec(new FrameLimits(1 << 20, 4096, Duration.ofSeconds(2)));

    private static SharedKey key(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) k[i] = (byte) (seed * 31 + i);
        return new SharedKey(k);
    }

    private static Future<String> serve(Connection c, SharedKey key) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(Handshake.asServer(c, key, "server-1", T));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static Throwable failure(Future<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void sameKeyAuthenticatesBothSidesAndProtectsLaterFrames() throws Exception {
        try (SocketPair p = new SocketPair(); Connection client = new Connection(p.left, CODEC); Connection server = new Connection(p.right, CODEC)) {
            Future<String> id = serve(server, key(1));
            Message.AuthOk ok = Handshake.asClient(client, key(1), "alice", T);
            assertEquals("server-1", ok.serverId());
            assertEquals("alice", id.get(10, TimeUnit.SECONDS));
            assertTrue(server.peer().startsWith("alice@"), server.peer());

            server.send(new Message.GlobalAdapter(1, Map.of("w", Tensor.of(new float[]{1, 2}, 2))));
            Message.GlobalAdapter g = client.expect(Message.GlobalAdapter.class, Deadlines.after(T));
            assertArrayEquals(new float[]{1, 2}, g.tensors().get("w").toFloatArray());
            client.send(new Message.Leave("bye"));
            assertEquals("bye", server.expect(Message.Leave.class, Deadlines.after(T)).reason());
        }
    }

    @Test
    void wrongKeyFailsOnBothSides() throws Exception {
        try (SocketPair p = new SocketPair(); Connection client = new Connection(p.left, CODEC); Connection server = new Connection(p.right, CODEC)) {
            Future<String> id = serve(server, key(1));
            // the client checks the server's proof first and refuses to answer an impostor
            assertThrows(AuthenticationException.class, () -> Handshake.asClient(client, key(2), "mallory", T));
            assertInstanceOf(AuthenticationException.class, failure(id));
        }
    }

    @Test
    void forgedClientProofIsRejected() throws Exception {
        try (SocketPair p = new SocketPair(); Connection client = new Connection(p.left, CODEC); Connection server = new Connection(p.right, CODEC)) {
            Future<String> id = serve(server, key(1));
            client.send(new Message.Hello("mallory", new byte[32]));
            client.expect(Message.Challenge.class, Deadlines.after(T));
            client.send(new Message.AuthResponse(new byte[32]));
            RemoteErrorException e = assertThrows(RemoteErrorException.class, () -> client.expect(Message.AuthOk.class, Deadlines.after(T)));
            assertEquals(ErrorCodes.AUTH_FAILED, e.code());
            Throwable t = failure(id);
            assertInstanceOf(AuthenticationException.class, t);
            assertTrue(t.getMessage().contains("mallory"), t.getMessage());
        }
    }

    @Test
    void wrongFirstMessageAndSilentPeer() throws Exception {
        try (SocketPair p = new SocketPair(); Connection client = new Connection(p.left, CODEC); Connection server = new Connection(p.right, CODEC)) {
            Future<String> id = serve(server, key(1));
            client.send(new Message.Leave("hi"));
            assertInstanceOf(UnexpectedMessageException.class, failure(id));
        }
        try (SocketPair p = new SocketPair(); Connection server = new Connection(p.right, CODEC)) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    f.complete(Handshake.asServer(server, key(1), "s", Duration.ofMillis(200)));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            assertInstanceOf(PeerTimeoutException.class, failure(f));
        }
    }

    @Test
    void keyFilesRoundTripAndAreValidated(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("fed.key");
        SharedKey k = SharedKey.generate(f);
        assertArrayEquals(k.hmac(new byte[]{1}), SharedKey.load(f).hmac(new byte[]{1}));
        assertThrows(IOException.class, () -> SharedKey.generate(f));
        assertTrue(!k.toString().contains(Files.readString(f).strip()), "toString must not reveal the key");
        Files.writeString(dir.resolve("short.key"), "abcd\n");
        assertThrows(IOException.class, () -> SharedKey.load(dir.resolve("short.key")));
        Files.writeString(dir.resolve("nothex.key"), "zz".repeat(40));
        assertThrows(IOException.class, () -> SharedKey.load(dir.resolve("nothex.key")));
    }
}
