package org.peft4j.federated.client;

import java.time.Duration;
import org.peft4j.federated.protocol.FrameLimits;
import org.peft4j.federated.protocol.SharedKey;
import org.peft4j.federated.protocol.TlsConfig;

/**
 * @param idleTimeout     how long to wait for the server's next message between rounds before reconnecting
 * @param backoffInitial  first reconnect delay; doubles per failed attempt up to backoffMax, with full jitter
 * @param maxAttempts     consecutive failed connection attempts before giving up (-1: never give up)
 */
public record ClientConfig(String host, int port, TlsConfig tls, SharedKey key, String clientId, FrameLimits limits,
                           Duration connectTimeout, Duration handshakeTimeout, Duration idleTimeout,
                           Duration backoffInitial, Duration backoffMax, int maxAttempts) {

    public static ClientConfig defaults(String host, int port, SharedKey key, String clientId) {
        return new ClientConfig(host, port, null, key, clientId, FrameLimits.DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMinutes(30), Duration.ofMillis(200), Duration.ofSeconds(30), -1);
    }

    public ClientConfig withBackoff(Duration initial, Duration max, int attempts) {
        return new ClientConfig(host, port, tls, key, clientId, limits, connectTimeout, handshakeTimeout, idleTimeout, initial, max, attempts);
    }

    public ClientConfig withKey(SharedKey k) {
        return new ClientConfig(host, port, tls, k, clientId, limits, connectTimeout, handshakeTimeout, idleTimeout, backoffInitial, backoffMax, maxAttempts);
    }

    public ClientConfig withTls(TlsConfig t) {
        return new ClientConfig(host, port, t, key, clientId, limits, connectTimeout, handshakeTimeout, idleTimeout, backoffInitial, backoffMax, maxAttempts);
    }

    public ClientConfig withIdleTimeout(Duration d) {
        return new ClientConfig(host, port, tls, key, clientId, limits, connectTimeout, handshakeTimeout, d, backoffInitial, backoffMax, maxAttempts);
    }
}
