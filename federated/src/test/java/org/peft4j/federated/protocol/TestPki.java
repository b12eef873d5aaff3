package org.peft4j.federated.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Throwaway PKCS12 key stores for TLS tests: an EC P-256 key and a self-signed X.509 v3 certificate (subject
 * alternative names 127.0.0.1 and localhost) per party, built with java.security and a few lines of DER, since
 * the JDK has no public certificate builder. Each side uses the other's key store as its trust store (the JDK
 * trusts the certificate of a key entry); real deployments give each side a trust store with the CA or peer
 * certificates only. The rogue key is trusted by nobody.
 */
public final class TestPki {
    public static final char[] PASSWORD = "changeit".toCharArray();
    public final Path serverStore;
    public final Path clientStore;
    public final Path rogueStore;

    private TestPki(Path dir) {
        serverStore = dir.resolve("server.p12");
        clientStore = dir.resolve("client.p12");
        rogueStore = dir.resolve("rogue.p12");
    }

    private static TestPki shared;

    /** One set of stores per test JVM, in a temporary directory removed at exit. */
    public static synchronized TestPki shared() throws IOException, GeneralSecurityException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("peft4j-pki");
            shared = create(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // best effort at exit
                }
            }));
        }
        return shared;
    }

    public static TestPki create(Path dir) throws IOException, GeneralSecurityException {
        TestPki p = new TestPki(dir);
        writeStore(p.serverStore, "server");
        writeStore(p.clientStore, "client");
        writeStore(p.rogueStore, "rogue");
        return p;
    }

    public TlsConfig server() { return new TlsConfig(serverStore, PASSWORD, clientStore, PASSWORD, true); }
    public TlsConfig client() { return new TlsConfig(clientStore, PASSWORD, serverStore, PASSWORD, true); }
    public TlsConfig rogue() { return new TlsConfig(rogueStore, PASSWORD, serverStore, PASSWORD, true); }

    private static void writeStore(Path file, String cn) throws IOException, GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        Certificate cert = selfSigned(kp, cn);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(cn, kp.getPrivate(), PASSWORD, new Certificate[]{cert});
        // throwaway stores: one PBE/MAC iteration instead of 10000 makes every later load cheap (the iteration
        // counts are written into the file, so readers need no setting)
        String[] props = {"keystore.pkcs12.macIterationCount", "keystore.pkcs12.certPbeIterationCount", "keystore.pkcs12.keyPbeIterationCount"};
        String[] old = new String[props.length];
        for (int i = 0; i < props.length; i++) old[i] = System.setProperty(props[i], "1");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        } finally {
            for (int i = 0; i < props.length; i++) {
                if (old[i] == null) System.clearProperty(props[i]);
                else System.setProperty(props[i], old[i]);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ X.509 in DER

    private static final byte[] ECDSA_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2);
    private static final byte[] COMMON_NAME = oid(2, 5, 4, 3);
    private static final byte[] SUBJECT_ALT_NAME = oid(2, 5, 29, 17);

    private static Certificate selfSigned(KeyPair kp, String cn) throws GeneralSecurityException {
        byte[] algorithm = seq(ECDSA_SHA256);
        byte[] name = seq(set(seq(COMMON_NAME, tlv(0x0c, cn.getBytes(StandardCharsets.UTF_8)))));
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = seq(tlv(0x17, now.minusHours(1).format(utc).getBytes(StandardCharsets.US_ASCII)),
                tlv(0x17, now.plusDays(2).format(utc).getBytes(StandardCharsets.US_ASCII)));
        byte[] altNames = seq(tlv(0x87, new byte[]{127, 0, 0, 1}), tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)));
        byte[] extensions = tlv(0xa3, seq(seq(SUBJECT_ALT_NAME, tlv(0x04, altNames))));
        byte[] tbs = seq(tlv(0xa0, integer(BigInteger.TWO)), integer(new BigInteger(63, new SecureRandom())), algorithm, name,
                validity, name, kp.getPublic().getEncoded(), extensions);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(tbs);
        byte[] sig = s.sign();
        byte[] bits = new byte[sig.length + 1]; // BIT STRING: leading count of unused bits
        System.arraycopy(sig, 0, bits, 1, sig.length);
        byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) out.write(n);
        else if (n < 0x100) { out.write(0x81); out.write(n); }
        else { out.write(0x82); out.write(n >>> 8); out.write(n); }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] seq(byte[]... parts) { return tlv(0x30, concat(parts)); }
    private static byte[] set(byte[]... parts) { return tlv(0x31, concat(parts)); }
    private static byte[] integer(BigInteger v) { return tlv(0x02, v.toByteArray()); }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int a = arcs[i];
            byte[] groups = new byte[5];
            int k = 0;
            do {
                groups[k++] = (byte) (a & 0x7f);
                a >>>= 7;
            } while (a != 0);
            for (int j = k - 1; j >= 0; j--) out.write(groups[j] | (j > 0 ? 0x80 : 0));
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
