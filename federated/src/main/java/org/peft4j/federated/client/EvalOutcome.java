package org.peft4j.federated.client;

import java.util.Map;

/** Local evaluation: metrics over samples held-out examples. */
public record EvalOutcome(long samples, Map<String, Double> metrics) {
    public EvalOutcome {
        metrics = Map.copyOf(metrics);
    }
}
