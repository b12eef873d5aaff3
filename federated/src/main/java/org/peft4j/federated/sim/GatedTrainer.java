package org.peft4j.federated.sim;

import org.peft4j.federated.client.LocalResult;
import org.peft4j.federated.client.LocalTrainer;
import org.peft4j.federated.client.RoundContext;
import org.peft4j.federated.client.EvalOutcome;
import org.peft4j.tensor.Tensor;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * A simulated client's trainer behind a permit shared by all clients of one simulation: at most as many clients
 * train (or evaluate) at the same time as there are permits. Real devices train in parallel, and so does the
 * simulation by default; a gate keeps a simulation of many clients from using more cores than it is given.
 */
final class GatedTrainer implements LocalTrainer {
    private final LocalTrainer inner;
    private final Semaphore permits;

    GatedTrainer(LocalTrainer inner, Semaphore permits) {
        this.inner = inner;
        this.permits = permits;
    }

    @Override
    public LocalResult train(RoundContext round, Map<String, Tensor> global) throws Exception {
        return withPermit(() -> inner.train(round, global));
    }

    @Override
    public EvalOutcome evaluate(int round, Map<String, Tensor> weights) throws Exception {
        return withPermit(() -> inner.evaluate(round, weights));
    }

    private <T> T withPermit(Callable<T> work) throws Exception {
        permits.acquire();
        try {
            return work.call();
        } finally {
            permits.release();
        }
    }
}
