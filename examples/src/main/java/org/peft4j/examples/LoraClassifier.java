package org.peft4j.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.finetune.data.BuiltinDatasets;
import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.finetune.data.Tasks;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.finetune.task.TextClassification;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.transformer.models.LoadOptions;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.tokenizer.Tokenizer;

/**
 * LoRA fine-tuning of a sentiment classifier: all-MiniLM-L6-v2 with a fresh 2-class head, LoRA rank 8 on the
 * attention's query and value projections, AdamW, on the built-in SST-2 sample. Only the LoRA matrices and the head
 * train (0.2% of the weights); the 22.7M pretrained weights stay frozen, read in place from the mapped file.
 * Run: {@code examples/run.sh LoraClassifier [--steps 60] [--batch 16] [--train 512] [--eval 200] [--lr 1e-3]}
 */
public final class LoraClassifier {
    private LoraClassifier() {}

    public static void main(String[] argv) throws Exception {
        ExampleArgs args = new ExampleArgs(argv, "--steps", "--batch", "--train", "--eval", "--lr", "--max-length");
        int steps = args.integer("--steps", 60), batch = args.integer("--batch", 16), maxLength = args.integer("--max-length", 48);
        Path dir = MiniLmFolder.locate();
        try (TransformerModel model = Models.load(dir, LoadOptions.head("BertForSequenceClassification", 2))) {
            // 1. Wrap query and value with LoRA: y = W x + (alpha/r) B A x, B starts at zero so the model is unchanged.
            PeftModel peft = Peft.apply(model, LoraConfig.of(8, 16).withTargets("query", "value"));
            System.out.printf(Locale.ROOT, "trainable %,d of %,d parameters (%.2f%%)%n", peft.numTrainableParameters(),
                    peft.numParameters(), 100.0 * peft.numTrainableParameters() / peft.numParameters());

            // 2. Data: tokenized SST-2 rows; training batches are shuffled each epoch and padded to their longest row.
            TextClassification task = new TextClassification(model, Tasks.SST2, Tokenizer.fromFile(dir.resolve("tokenizer.json")));
            DatasetSplits sst2 = BuiltinDatasets.sst2Sample();
            var train = task.encode(sst2.train().subList(0, Math.min(args.integer("--train", 512), sst2.train().size())), maxLength);
            List<TextBatch> dev = task.evalBatches(task.encode(sst2.validation().subList(0, args.integer("--eval", 200)), maxLength), 32);
            System.out.printf(Locale.ROOT, "before: validation accuracy %.3f%n", task.evaluate(dev).get("accuracy"));

            // 3. The loop: forward with labels (the head's cross-entropy), backward, AdamW on the trainable tensors only.
            AdamW opt = new AdamW(peft.trainableParameters(), args.real("--lr", 1e-3));
            var plan = task.trainPlan(train, batch, 0, false);
            for (int step = 0, epoch = 0; step < steps; epoch++) {
                for (TextBatch b : plan.batches(epoch)) {
                    if (step == steps) break;
                    step++;
                    var loss = task.trainStep().loss(b);
                    loss.backward();
                    opt.step();
                    opt.zeroGrad();
                    if (step % 10 == 0 || step == steps) System.out.printf(Locale.ROOT, "step %3d  loss %.4f%n", step, loss.item());
                }
            }
            System.out.printf(Locale.ROOT, "after:  validation accuracy %.3f%n", task.evaluate(dev).get("accuracy"));
        }
    }
}
