package org.peft4j.federated.client;

import java.util.Map;
import org.peft4j.tensor.Tensor;

/**
 * The client's local work, plugged into {@link FedClient}: train on private data starting from the global
 * adapter and return the resulting tensors (dense or masked), the number of samples used and local metrics.
 * A thrown exception is reported to the server as trainer_failed for this round; the client stays connected.
 */
public interface LocalTrainer {
    LocalResult train(RoundContext round, Map<String, Tensor> global) throws Exception;

    /** Evaluate the given adapter on local held-out data; the default says evaluation is not supported. */
    default EvalOutcome evaluate(int round, Map<String, Tensor> weights) throws Exception {
        throw new UnsupportedOperationException("this client does not evaluate");
    }
}
