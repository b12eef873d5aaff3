package org.peft4j.federated.client;

import java.util.Map;

/** The server's round config as the trainer sees it: round number, time budget, settings (epochs, lr, ...). */
public record RoundContext(int round, long deadlineMillis, Map<String, Object> settings) {
    public RoundContext {
        settings = Map.copyOf(settings);
    }
}
