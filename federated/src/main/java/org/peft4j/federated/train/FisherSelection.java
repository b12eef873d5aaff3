package org.peft4j.federated.train;

import java.util.List;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.fisher.FisherEstimator;
import org.peft4j.peft.fisher.FisherInformation;
import org.peft4j.peft.fisher.FisherMask;
import org.peft4j.peft.fisher.MaskBuilder;
import org.peft4j.peft.fisher.MaskSpec;

/**
 * The client side of Fisher-masked sparse updates, on the peft module's Fisher machinery: estimate the empirical
 * Fisher information of the trainable adapter entries on a few local batches (from the round's starting weights,
 * dropout off), keep the top fraction of all entries together (exactly ceil(rate·N) of the N trainable entries,
 * one global ranking as in the FISH mask of Sung et al., NeurIPS 2021, so every client sends the same number of
 * values), and install the mask as gradient masks so only the kept entries train.
 * Recomputed every round: the mask follows the current global model (LoRA's B starts at zero, so A's scores are
 * all zero before the first update).
 */
final class FisherSelection {
    private FisherSelection() {}

    static FisherMask apply(PeftModel peft, List<TextBatch> batches, double rate) {
        boolean wasTraining = peft.model().isTraining();
        peft.eval();
        try {
            FisherInformation fisher = FisherEstimator.estimate(peft, batches.stream().map(TextBatch::inputWithLabels).toList(),
                    FisherEstimator.Granularity.PER_BATCH);
            FisherMask mask = MaskBuilder.build(peft, fisher, new MaskSpec(rate, MaskSpec.Pool.GLOBAL, MaskSpec.Groups.ENTRY));
            mask.apply(peft);
            return mask;
        } finally {
            if (wasTraining) peft.train();
        }
    }
}
