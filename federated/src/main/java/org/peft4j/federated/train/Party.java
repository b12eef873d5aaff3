package org.peft4j.federated.train;

import org.peft4j.finetune.data.TaskSpec;
import org.peft4j.finetune.task.TextClassification;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.transformer.models.TransformerModel;

/**
 * One participant's own model: a fresh copy of the pretrained encoder with the run's adapter applied, and the
 * task glue (tokenisation, batches, loss, metrics) bound to it. The server builds one to take the initial global
 * adapter from and to evaluate with; each client builds its own to train.
 */
public record Party(PeftModel peft, TextClassification task) {
    public static Party build(ModelSource source, AdapterSpec spec, TaskSpec taskSpec) {
        TransformerModel model = source.load(taskSpec.numLabels());
        PeftModel peft = Peft.apply(model, spec.toPeftConfig(model.modelType(), model.numLayers()));
        peft.setBaseModelNameOrPath(source.name());
        return new Party(peft, new TextClassification(model, taskSpec, source.tokenizer()));
    }
}
