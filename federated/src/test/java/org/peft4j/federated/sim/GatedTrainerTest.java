package org.peft4j.federated.sim;

import org.junit.jupiter.api.Test;
import org.peft4j.federated.client.EvalOutcome;
import org.peft4j.federated.client.LocalResult;
import org.peft4j.federated.client.LocalTrainer;
import org.peft4j.federated.client.RoundContext;
import org.peft4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** --parallel-clients: six clients behind two permits never train more than two at once, and all finish. */
class GatedTrainerTest {
    /**
     * Records how many calls run at once. The first two calls wait for each other (so an overlap is certain, not
     * a matter of timing); every call then holds a little, so a third one inside would show.
     */
    private static final class CountingTrainer implements LocalTrainer {
        final AtomicInteger running, most;
        final CountDownLatch firstPair;

        CountingTrainer(AtomicInteger running, AtomicInteger most, CountDownLatch firstPair) {
            this.running = running;
            this.most = most;
            this.firstPair = firstPair;
        }

        private void work() throws InterruptedException {
            int now = running.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            firstPair.countDown();
            firstPair.await(5, TimeUnit.SECONDS);
            Thread.sleep(20);
            running.decrementAndGet();
        }

        @Override
        public LocalResult train(RoundContext round, Map<String, Tensor> global) throws Exception {
            work();
            return null;
        }

        @Override
        public EvalOutcome evaluate(int round, Map<String, Tensor> weights) throws Exception {
            work();
            return new EvalOutcome(1, Map.of());
        }
    }

    @Test
    void atMostThePermittedNumberTrainAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
        Semaphore permits = new Semaphore(2, true);
        CountDownLatch done = new CountDownLatch(6), firstPair = new CountDownLatch(2);
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            LocalTrainer t = new GatedTrainer(new CountingTrainer(running, most, firstPair), permits);
            boolean evaluate = i % 2 == 1;
            Thread.ofPlatform().start(() -> {
                try {
                    if (evaluate) t.evaluate(1, Map.of());
                    else t.train(new RoundContext(1, 0, Map.of()), Map.of());
                } catch (Throwable e) {
                    synchronized (failures) { failures.add(e); }
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "all six calls finish");
        assertEquals(List.of(), failures);
        assertEquals(2, most.get(), "two permits: two calls at once at most (and the calls did overlap)");
        assertEquals(2, permits.availablePermits(), "every permit is given back");
    }
}
