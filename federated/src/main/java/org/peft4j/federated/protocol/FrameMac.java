package org.peft4j.federated.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-frame integrity after the handshake: each frame carries HMAC-SHA256(sessionKey, direction || sequence ||
 * frame header || payload). The session key is derived from the shared key and both handshake nonces, so a
 * frame cannot be replayed into another session, reordered (sequence numbers), or reflected back to its sender
 * (direction byte). One instance per direction per connection; not thread-safe (the writer/reader serialise).
 */
public final class FrameMac {
    public static final int TAG_BYTES = 32;

    private final Mac mac;
    private final byte direction;
    private long sequence;

    public FrameMac(byte[] sessionKey, byte direction) {
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            this.mac.init(new SecretKeySpec(sessionKey, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JDK", e);
        }
        this.direction = direction;
    }

    /** Tag for the next frame in this direction; advances the sequence number. */
    public byte[] tag(byte[] header, byte[] payload) {
        mac.update(direction);
        long s = sequence++;
        for (int i = 7; i >= 0; i--) mac.update((byte) (s >>> (8 * i)));
        mac.update(header);
        mac.update(payload);
        return mac.doFinal();
    }

    /** Constant-time check of a received tag against the next expected one. */
    public boolean verify(byte[] header, byte[] payload, byte[] receivedTag) {
        return MessageDigest.isEqual(tag(header, payload), receivedTag);
    }
}
