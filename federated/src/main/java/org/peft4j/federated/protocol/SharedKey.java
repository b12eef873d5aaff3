package org.peft4j.federated.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret shared by the server and its clients: a text file holding at least 64 hex digits (32 bytes).
 * Only HMACs of it ever travel; it is never sent, logged or printed.
 */
public final class SharedKey {
    public static final int MIN_BYTES = 32;
    private static final int MAX_FILE_BYTES = 4096;

    private final byte[] key;

    public SharedKey(byte[] key) {
        if (key.length < MIN_BYTES) throw new IllegalArgumentException("shared key must be at least " + MIN_BYTES + " bytes, got " + key.length);
        this.key = key.clone();
    }

    public static SharedKey load(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) throw new IOException("key file " + file + " is " + size + " bytes; expected a short hex string (64+ hex digits)");
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + file + " must hold only hex digits (64 or more); " + e.getMessage());
        }
        if (bytes.length < MIN_BYTES)
            throw new IOException("key file " + file + " holds " + bytes.length + " bytes; at least " + MIN_BYTES + " (64 hex digits) are required");
        return new SharedKey(bytes);
    }

    /** Writes a fresh random 32-byte key as hex to a new file (owner-only permissions where POSIX); never overwrites. */
    public static SharedKey generate(Path file) throws IOException {
        byte[] bytes = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(bytes);
        if (Files.exists(file)) throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite an existing key file");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        return new SharedKey(bytes);
    }

    /** HMAC-SHA256 over the concatenation of parts. */
    public byte[] hmac(byte[]... parts) {
        return hmacWith(key, parts);
    }

    static byte[] hmacWith(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) mac.update(p);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JDK", e);
        }
    }

    @Override
    public String toString() { return "SharedKey[" + key.length + " bytes, hidden]"; }
}
