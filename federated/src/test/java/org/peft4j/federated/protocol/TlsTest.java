package org.peft4j.federated.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peft4j.tensor.Tensor;

/** Mutual TLS 1.3 under the framed protocol, with keystores generated for the test. */
class TlsTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final MessageCodec CODEC = new MessageCodec(new FrameLimits(1 << 20, 4096, Duration.ofSeconds(5)));
    private static final SharedKey KEY = new SharedKey(new byte[32]);

    static TestPki pki;

    @BeforeAll
    static void keys() throws Exception {
        pki = TestPki.shared();
    }

    /** Accepts one connection, authenticates it, echoes one GLOBAL_ADAPTER back. */
    private static CompletableFuture<String> echoServer(ServerSocket ss) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket s = ss.accept(); Connection c = new Connection(s, CODEC)) {
                String id = Handshake.asServer(c, KEY, "tls-server", T);
                c.send(c.expect(Message.GlobalAdapter.class, Deadlines.after(T)));
                f.complete(id);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    @Test
    void mutualTlsCarriesTheProtocol() throws Exception {
        try (ServerSocket ss = Transport.listen(InetAddress.getLoopbackAddress(), 0, pki.server())) {
            CompletableFuture<String> server = echoServer(ss);
            try (Socket s = Transport.connect("127.0.0.1", ss.getLocalPort(), pki.client(), T); Connection c = new Connection(s, CODEC)) {
                Handshake.asClient(c, KEY, "tls-client", T);
                c.send(new Message.GlobalAdapter(1, Map.of("w", Tensor.of(new float[]{3, 4}, 2))));
                assertArrayEquals(new float[]{3, 4}, c.expect(Message.GlobalAdapter.class, Deadlines.after(T)).tensors().get("w").toFloatArray());
            }
            assertEquals("tls-client", server.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void untrustedClientCertificateIsRefused() throws Exception {
        try (ServerSocket ss = Transport.listen(InetAddress.getLoopbackAddress(), 0, pki.server())) {
            CompletableFuture<String> server = echoServer(ss);
            // TLS 1.3: the client may finish its side before the server's refusal arrives; it must fail by the first read
            assertThrows(IOException.class, () -> {
                try (Socket s = Transport.connect("127.0.0.1", ss.getLocalPort(), pki.rogue(), T); Connection c = new Connection(s, CODEC)) {
                    Handshake.asClient(c, KEY, "rogue", T);
                }
            });
            assertThrows(Exception.class, () -> server.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void plainClientAgainstTlsServerFails() throws Exception {
        try (ServerSocket ss = Transport.listen(InetAddress.getLoopbackAddress(), 0, pki.server())) {
            CompletableFuture<String> server = echoServer(ss);
            assertThrows(IOException.class, () -> {
                try (Socket s = Transport.connect("127.0.0.1", ss.getLocalPort(), null, T); Connection c = new Connection(s, CODEC)) {
                    Handshake.asClient(c, KEY, "plain", T);
                }
            });
            assertThrows(Exception.class, () -> server.get(20, TimeUnit.SECONDS));
        }
    }
}
