package org.peft4j.federated.server;

import org.peft4j.federated.protocol.TensorUpdate;

/** One client's validated update in a round, weighted by the samples it trained on. */
public record Contribution(String clientId, long samples, TensorUpdate update) {
    public Contribution {
        if (samples < 1) throw new IllegalArgumentException("client " + clientId + ": sample count must be >= 1, got " + samples);
    }
}
