package org.peft4j.finetune.task;

import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;

/**
 * A right-padded causal-LM batch: ids and mask [B, T] (I64) and labels [B, T] holding the token id where the
 * loss counts and -100 elsewhere (prompt tokens and padding). The model shifts labels inside, as transformers
 * does, so position t's logits are scored against labels[t + 1].
 */
public record LmBatch(Tensor inputIds, Tensor attentionMask, Tensor labels, int targetTokens) {
    public int size() { return inputIds.size(0); }

    public ModelInput inputWithLabels() {
        return ModelInput.of(inputIds, attentionMask).withLabels(labels);
    }
}
