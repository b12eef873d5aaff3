package org.peft4j.peft.fisher;

import org.peft4j.tensor.Tensor;

import java.util.Map;

/**
 * The empirical Fisher information of each trainable entry: F = mean over the units seen (samples or mini-batches)
 * of the squared gradient of the loss, one F32 tensor per adapter parameter (PEFT keys), shaped like it.
 *
 * @param scores by PEFT key, in adapter order
 * @param units  how many gradients were averaged
 */
public record FisherInformation(Map<String, Tensor> scores, int units) {
    public FisherInformation {
        scores = Map.copyOf(scores);
    }
}
