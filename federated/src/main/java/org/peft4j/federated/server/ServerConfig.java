package org.peft4j.federated.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.peft4j.federated.protocol.FrameLimits;
import org.peft4j.federated.protocol.SharedKey;
import org.peft4j.federated.protocol.TlsConfig;

/**
 * Everything the federated server needs besides the initial adapter.
 *
 * @param port            0 picks a free port (see {@link FedServer#port()})
 * @param tls             null for plain TCP
 * @param rounds          train until this round number has completed (a resumed server continues from its checkpoint)
 * @param clientFraction  fraction of connected clients sampled each round (at least minClients)
 * @param minClients      a round starts only when this many clients are connected
 * @param waitForClients  how long to wait for minClients before logging and waiting again
 * @param roundDeadline   from broadcast to the last accepted update; later updates are dropped
 * @param evalEvery       after every evalEvery-th round, ask connected clients to evaluate the new global (0: never)
 * @param settings        flat scalars sent with every ROUND_CONFIG (epochs, lr, ...) for the clients' trainers
 * @param seed            client sampling is a function of (seed, round) so runs are reproducible
 * @param maxConnections  concurrent connections (handshaking or joined) before new ones are refused as busy
 */
public record ServerConfig(InetAddress bind, int port, TlsConfig tls, SharedKey key, String serverId, int rounds,
                           double clientFraction, int minClients, Duration waitForClients, Duration roundDeadline,
                           Duration handshakeTimeout, int evalEvery, Map<String, Object> settings, long seed,
                           FrameLimits limits, Path checkpointDir, Path eventLog, int maxConnections) {
    public ServerConfig {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        if (!(clientFraction > 0 && clientFraction <= 1)) throw new IllegalArgumentException("clientFraction must be in (0, 1], got " + clientFraction);
        if (minClients < 1) throw new IllegalArgumentException("minClients must be >= 1, got " + minClients);
        if (evalEvery < 0) throw new IllegalArgumentException("evalEvery must be >= 0, got " + evalEvery);
        if (maxConnections < minClients) throw new IllegalArgumentException("maxConnections " + maxConnections + " < minClients " + minClients);
        settings = Map.copyOf(settings);
    }

    /** Defaults for a loopback test or a first run: plain TCP, all clients every round, 60 s deadline. */
    public static ServerConfig defaults(SharedKey key, int rounds, int minClients, Path workDir) {
        return new ServerConfig(InetAddress.getLoopbackAddress(), 0, null, key, "peft4j-server", rounds, 1.0, minClients,
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10), 0, Map.of(), 0,
                FrameLimits.DEFAULT, workDir.resolve("checkpoint"), workDir.resolve("rounds.jsonl"), 1024);
    }

    public ServerConfig withBind(InetAddress address, int p) {
        return new ServerConfig(address, p, tls, key, serverId, rounds, clientFraction, minClients, waitForClients, roundDeadline,
                handshakeTimeout, evalEvery, settings, seed, limits, checkpointDir, eventLog, maxConnections);
    }

    public ServerConfig withRoundDeadline(Duration d) {
        return new ServerConfig(bind, port, tls, key, serverId, rounds, clientFraction, minClients, waitForClients, d,
                handshakeTimeout, evalEvery, settings, seed, limits, checkpointDir, eventLog, maxConnections);
    }

    public ServerConfig withRounds(int r) {
        return new ServerConfig(bind, port, tls, key, serverId, r, clientFraction, minClients, waitForClients, roundDeadline,
                handshakeTimeout, evalEvery, settings, seed, limits, checkpointDir, eventLog, maxConnections);
    }

    public ServerConfig withSampling(double fraction, int min) {
        return new ServerConfig(bind, port, tls, key, serverId, rounds, fraction, min, waitForClients, roundDeadline,
                handshakeTimeout, evalEvery, settings, seed, limits, checkpointDir, eventLog, maxConnections);
    }

    public ServerConfig withEvalEvery(int n) {
        return new ServerConfig(bind, port, tls, key, serverId, rounds, clientFraction, minClients, waitForClients, roundDeadline,
                handshakeTimeout, n, settings, seed, limits, checkpointDir, eventLog, maxConnections);
    }

    public ServerConfig withLimits(FrameLimits l) {
        return new ServerConfig(bind, port, tls, key, serverId, rounds, clientFraction, minClients, waitForClients, roundDeadline,
                handshakeTimeout, evalEvery, settings, seed, l, checkpointDir, eventLog, maxConnections);
    }

    public ServerConfig withTls(TlsConfig t) {
        return new ServerConfig(bind, port, t, key, serverId, rounds, clientFraction, minClients, waitForClients, roundDeadline,
                handshakeTimeout, evalEvery, settings, seed, limits, checkpointDir, eventLog, maxConnections);
    }

    public ServerConfig withSettings(Map<String, Object> s) {
        return new ServerConfig(bind, port, tls, key, serverId, rounds, clientFraction, minClients, waitForClients, roundDeadline,
                handshakeTimeout, evalEvery, s, seed, limits, checkpointDir, eventLog, maxConnections);
    }
}
