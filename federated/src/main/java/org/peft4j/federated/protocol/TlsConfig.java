package org.peft4j.federated.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS 1.3 from two PKCS12 files: this side's key + certificate chain, and the trust store holding the
 * certificates (or CA) it accepts from the other side. The server demands a client certificate.
 *
 * @param verifyHostname client side: also check that the server certificate names the host dialled
 */
public record TlsConfig(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword, boolean verifyHostname) {

    public SSLContext context() throws IOException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore, keyStorePassword), keyStorePassword);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore, trustStorePassword));
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS from key store " + keyStore + " and trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot read PKCS12 store " + file + " (wrong password or not PKCS12): " + e.getMessage(), e);
        }
        return ks;
    }
}
