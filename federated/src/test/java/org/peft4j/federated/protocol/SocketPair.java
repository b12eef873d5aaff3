package org.peft4j.federated.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Two ends of a real TCP connection on 127.0.0.1, for tests. */
final class SocketPair implements AutoCloseable {
    final Socket left;
    final Socket right;

    SocketPair() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            left = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
            right = ss.accept();
        }
    }

    @Override
    public void close() throws IOException {
        left.close();
        right.close();
    }
}
