package org.peft4j.federated.train;

import java.util.List;
import java.util.Map;
import org.peft4j.finetune.task.EncodedSet;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.finetune.task.TextClassification;
import org.peft4j.peft.PeftModel;
import org.peft4j.tensor.Tensor;

/**
 * Scores an adapter (all of its tensors, by PEFT key) on a fixed held-out set with the task's metrics: the
 * server's view of the global model after each round, or a client's local evaluation. Owns its model copy.
 */
public final class AdapterEvaluator {
    private final PeftModel peft;
    private final TextClassification task;
    private final List<TextBatch> batches;
    private final int size;

    public AdapterEvaluator(PeftModel peft, TextClassification task, EncodedSet data, int batchSize) {
        if (data.size() == 0) throw new IllegalArgumentException("the evaluation set is empty");
        this.peft = peft;
        this.task = task;
        this.batches = task.evalBatches(data, batchSize); // grouped by length there
        this.size = data.size();
    }

    /** Loads the adapter into this evaluator's model and returns the metrics (accuracy, ..., eval_loss). */
    public synchronized Map<String, Double> evaluate(Map<String, Tensor> adapter) {
        peft.loadAdapterTensors(adapter, true);
        return task.evaluate(batches);
    }

    /** The metrics of the adapter currently loaded. */
    public synchronized Map<String, Double> evaluateCurrent() { return task.evaluate(batches); }

    public int size() { return size; }

    public PeftModel model() { return peft; }
}
