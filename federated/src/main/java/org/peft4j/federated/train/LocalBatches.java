package org.peft4j.federated.train;

import java.util.List;
import org.peft4j.finetune.data.Batcher;
import org.peft4j.finetune.task.EncodedExample;
import org.peft4j.finetune.task.EncodedSet;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.finetune.task.TextClassification;
import org.peft4j.finetune.train.BatchPlan;

/**
 * A client's batches for one round: length-bucketed seeded shuffles of its partition (less padding), cut off after
 * the round's number of batches, and collated only when used. Capping the plan itself ends the round exactly at
 * its step budget, and a round of 12 steps does not pad and copy a 70-batch epoch.
 */
final class LocalBatches {
    private LocalBatches() {}

    /** maxBatches &lt;= 0: whole epochs (the trainer's epoch count decides). */
    static BatchPlan<TextBatch> plan(TextClassification task, EncodedSet data, int batchSize, long seed, long maxBatches) {
        Batcher batcher = Batcher.lengthBucketed(batchSize, 50);
        return epoch -> {
            List<List<EncodedExample>> all = batcher.batches(data.items(), EncodedExample::length, seed, epoch);
            int take = all.size();
            if (maxBatches > 0) take = (int) Math.max(0, Math.min(all.size(), maxBatches - (long) epoch * all.size()));
            return all.subList(0, take).stream().map(task::collate).toList();
        };
    }
}
