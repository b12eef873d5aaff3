package org.peft4j.federated.client;

import java.util.Map;
import org.peft4j.federated.protocol.TensorUpdate;

/** A local training result: the tensors to send, the samples they were trained on, and metrics such as loss. */
public record LocalResult(TensorUpdate update, long samples, Map<String, Double> metrics) {
    public LocalResult {
        metrics = Map.copyOf(metrics);
    }
}
