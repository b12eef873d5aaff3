package org.peft4j.finetune.train;

import java.util.List;

/**
 * The batches of each epoch, deterministic for an epoch number, so a resumed run can recompute the epoch it
 * stopped in and skip the batches it already used.
 */
@FunctionalInterface
public interface BatchPlan<B> {
    List<B> batches(int epoch);
}
