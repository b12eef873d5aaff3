package org.peft4j.federated.server;

import java.util.List;
import java.util.Map;
import org.peft4j.tensor.Tensor;

/**
 * The server's update rule: the next global adapter from the current one and a round's validated contributions
 * (never empty). {@link FedAvg} is the default; {@link FedAdam} treats the averaged change as a pseudo-gradient.
 * An aggregator may keep state across rounds (it is called from one thread, once per round, in round order).
 */
public interface Aggregator {
    Map<String, Tensor> aggregate(int round, Map<String, Tensor> global, List<Contribution> contributions);

    /** A short name for logs ("fedavg", "fedadam"). */
    String name();

    /** Sample-weighted FedAvg with masks ({@link FedAvg#aggregate}); stateless. */
    static Aggregator fedAvg() {
        return new Aggregator() {
            @Override
            public Map<String, Tensor> aggregate(int round, Map<String, Tensor> global, List<Contribution> contributions) {
                return FedAvg.aggregate(global, contributions);
            }

            @Override
            public String name() { return "fedavg"; }
        };
    }
}
