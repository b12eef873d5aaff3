package org.peft4j.federated.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Mutual HMAC-SHA256 challenge-response on the shared key, then per-frame MACs under a session key.
 *
 * <pre>
 * C → S  HELLO          client_id, nonce_c
 * S → C  CHALLENGE      nonce_s, proof_s = HMAC(K, "peft4j-fed/1 server" | id | nonce_c | nonce_s)
 * C → S  AUTH_RESPONSE  proof_c = HMAC(K, "peft4j-fed/1 client" | id | nonce_c | nonce_s)
 * S → C  AUTH_OK        server_id   (or ERROR auth_failed)
 * every later frame, both directions: MAC under session key = HMAC(K, "peft4j-fed/1 session" | id | nonce_c | nonce_s)
 * </pre>
 * Both proofs are compared in constant time. Distinct labels keep one side's proof from being replayed as the
 * other's; fresh nonces on both sides keep old transcripts from being replayed at all.
 */
public final class Handshake {
    public static final int NONCE_BYTES = 32;
    public static final int PROOF_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {}

    /** Runs the client side; afterwards the connection is MAC-protected. Returns the server's AUTH_OK. */
    public static Message.AuthOk asClient(Connection c, SharedKey key, String clientId, Duration timeout) throws IOException {
        long deadline = Deadlines.after(timeout);
        byte[] nonceC = nonce();
        c.send(new Message.Hello(clientId, nonceC));
        Message.Challenge ch = c.expect(Message.Challenge.class, deadline);
        byte[] transcript = transcript(clientId, nonceC, ch.nonce());
        if (!MessageDigest.isEqual(key.hmac(label("server"), transcript), ch.proof())) {
            c.sendErrorQuietly(ErrorCodes.AUTH_FAILED, "server proof does not verify");
            throw new AuthenticationException(c.peer(), "server could not prove it holds the shared key (wrong key file on one side, or an impostor)");
        }
        c.send(new Message.AuthResponse(key.hmac(label("client"), transcript)));
        Message.AuthOk ok;
        try {
            ok = c.expect(Message.AuthOk.class, deadline);
        } catch (RemoteErrorException e) {
            if (!ErrorCodes.AUTH_FAILED.equals(e.code())) throw e;
            throw new AuthenticationException(c.peer(), "server rejected our proof (wrong shared key?)", e);
        }
        c.enableMac(key.hmac(label("session"), transcript), false);
        return ok;
    }

    /** Runs the server side; returns the authenticated client id. On failure an ERROR is sent and the caller closes. */
    public static String asServer(Connection c, SharedKey key, String serverId, Duration timeout) throws IOException {
        long deadline = Deadlines.after(timeout);
        Message.Hello hello = c.expect(Message.Hello.class, deadline);
        byte[] nonceS = nonce();
        byte[] transcript = transcript(hello.clientId(), hello.nonce(), nonceS);
        c.send(new Message.Challenge(nonceS, key.hmac(label("server"), transcript)));
        Message.AuthResponse r;
        try {
            r = c.expect(Message.AuthResponse.class, deadline);
        } catch (RemoteErrorException e) {
            if (!ErrorCodes.AUTH_FAILED.equals(e.code())) throw e;
            throw new AuthenticationException(c.peer(), "client '" + hello.clientId() + "' rejected our proof (wrong shared key on one side)", e);
        }
        if (!MessageDigest.isEqual(key.hmac(label("client"), transcript), r.proof())) {
            c.sendErrorQuietly(ErrorCodes.AUTH_FAILED, "client proof does not verify");
            throw new AuthenticationException(c.peer(), "client '" + hello.clientId() + "' failed the challenge (wrong shared key)");
        }
        c.namePeer(hello.clientId());
        c.send(new Message.AuthOk(serverId));
        c.enableMac(key.hmac(label("session"), transcript), true);
        return hello.clientId();
    }

    private static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    private static byte[] label(String role) {
        return ("peft4j-fed/" + Frame.VERSION + " " + role).getBytes(StandardCharsets.US_ASCII);
    }

    /** Unambiguous: the id is length-prefixed, the nonces are fixed-size. */
    private static byte[] transcript(String clientId, byte[] nonceC, byte[] nonceS) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + id.length + nonceC.length + nonceS.length)
                .putInt(id.length).put(id).put(nonceC).put(nonceS).array();
    }
}
