package org.peft4j.federated.server;

import java.util.Map;

/**
 * What one sampled client delivered in a round (or an evaluation): a contribution with its metrics, or the
 * reason it was dropped. Bytes and time are this exchange's share of the connection's traffic.
 */
record Outcome(String clientId, Contribution contribution, long samples, Map<String, Double> metrics, String failure,
               long bytesUp, long bytesDown, long millis) {

    static Outcome failed(String clientId, String reason, long up, long down, long millis) {
        return new Outcome(clientId, null, 0, Map.of(), reason, up, down, millis);
    }

    boolean ok() { return failure == null; }
}
