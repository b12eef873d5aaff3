package org.peft4j.federated.server;

import org.peft4j.federated.protocol.Connection;

/** An authenticated client connection held by the server between rounds. */
final class ClientSession {
    final String clientId;
    final Connection connection;

    ClientSession(String clientId, Connection connection) {
        this.clientId = clientId;
        this.connection = connection;
    }
}
