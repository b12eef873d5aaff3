package org.peft4j.federated.train;

import java.util.List;
import org.peft4j.autograd.Parameter;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.finetune.train.TrainStep;

/** Fisher-information entry selection for sparse updates (wired to the peft module's Fisher masks). */
final class FisherSelection {
    void apply(List<Parameter> trainable, List<TextBatch> batches, TrainStep<TextBatch> step, double rate) {
        throw new UnsupportedOperationException("Fisher-masked updates wait for the peft module's Fisher masks");
    }
}
