package org.peft4j.finetune.task;

import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;

/**
 * A padded batch for an encoder classifier: ids, mask and segment ids [B, T] (I64), labels [B] (I64 classes or
 * F32 regression targets), padded to the longest example of the batch (dynamic padding).
 */
public record TextBatch(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds, Tensor labels) {
    public int size() { return inputIds.size(0); }

    public ModelInput input() {
        return ModelInput.of(inputIds, attentionMask).withTokenTypeIds(tokenTypeIds);
    }

    /** With labels, for the head's loss; the last layer runs for the head's rows only (the logits need no more). */
    public ModelInput inputWithLabels() { return input().withLabels(labels).withHeadRowsOnly(); }
}
