package org.peft4j.federated.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway PKCS12 key stores made with the JDK's keytool (the JDK has no public API to create certificates).
 * To keep the test fast each side uses the other's key store as its trust store (the JDK trusts the certificate
 * of a key entry); real deployments give each side a trust store with the CA or peer certificates only.
 * The rogue key is trusted by nobody.
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

    public static Path keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool");
    }

    public static TestPki create(Path dir) throws IOException, InterruptedException {
        TestPki p = new TestPki(dir);
        p.genKey(p.serverStore, "server");
        p.genKey(p.clientStore, "client");
        p.genKey(p.rogueStore, "rogue");
        return p;
    }

    public TlsConfig server() { return new TlsConfig(serverStore, PASSWORD, clientStore, PASSWORD, true); }
    public TlsConfig client() { return new TlsConfig(clientStore, PASSWORD, serverStore, PASSWORD, true); }
    public TlsConfig rogue() { return new TlsConfig(rogueStore, PASSWORD, serverStore, PASSWORD, true); }

    private void genKey(Path store, String cn) throws IOException, InterruptedException {
        run("-genkeypair", "-alias", cn, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
    }

    private static void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(keytool().toString());
        cmd.addAll(List.of(args));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = proc.getInputStream().readAllBytes();
        if (!proc.waitFor(60, TimeUnit.SECONDS) || proc.exitValue() != 0)
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + new String(out));
    }

    private static TestPki shared;

    /** One set of stores per test JVM (keytool costs seconds per key); deleted when the JVM exits. */
    public static synchronized TestPki shared() throws IOException, InterruptedException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("peft4j-pki");
            shared = create(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // best effort on exit
                }
            }));
        }
        return shared;
    }

    public static boolean available() { return Files.isExecutable(keytool()); }
}
