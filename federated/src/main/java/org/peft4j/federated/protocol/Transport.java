package org.peft4j.federated.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** Opens listening and client sockets, plain TCP or mutual TLS 1.3. */
public final class Transport {
    private Transport() {}

    /** A listening socket on bind:port (port 0 picks a free one); TLS when tls is non-null. */
    public static ServerSocket listen(InetAddress bind, int port, TlsConfig tls) throws IOException {
        ServerSocket ss;
        if (tls == null) {
            ss = new ServerSocket();
        } else {
            SSLServerSocket s = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket();
            s.setNeedClientAuth(true);
            s.setEnabledProtocols(new String[]{"TLSv1.3"});
            ss = s;
        }
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(bind, port), 128);
        return ss;
    }

    /** Connects within connectTimeout; for TLS the handshake must also finish within it. */
    public static Socket connect(String host, int port, TlsConfig tls, Duration connectTimeout) throws IOException {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), ms);
            if (tls == null) return plain;
            SSLSocket s = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, host, port, true);
            s.setEnabledProtocols(new String[]{"TLSv1.3"});
            if (tls.verifyHostname()) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
            }
            s.setSoTimeout(ms);
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** Socket options for an accepted connection. */
    public static void configureAccepted(Socket s) throws IOException {
        s.setTcpNoDelay(true);
    }
}
