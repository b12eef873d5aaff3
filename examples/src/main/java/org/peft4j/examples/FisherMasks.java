package org.peft4j.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.federated.protocol.FrameLimits;
import org.peft4j.federated.protocol.Message;
import org.peft4j.federated.protocol.MessageCodec;
import org.peft4j.federated.protocol.SparseTensor;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.finetune.data.BuiltinDatasets;
import org.peft4j.finetune.data.Tasks;
import org.peft4j.finetune.task.TextBatch;
import org.peft4j.finetune.task.TextClassification;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.fisher.BitMask;
import org.peft4j.peft.fisher.FisherEstimator;
import org.peft4j.peft.fisher.FisherInformation;
import org.peft4j.peft.fisher.FisherMask;
import org.peft4j.peft.fisher.MaskBuilder;
import org.peft4j.peft.fisher.MaskSpec;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.LoadOptions;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.tokenizer.Tokenizer;

/**
 * Fisher-information masks: which adapter entries matter for this client's data? The empirical Fisher of an entry
 * is the mean squared gradient of the loss with respect to it; keeping the top fraction per tensor, training only
 * those and sending only those shrinks a federated update. Here: MiniLM + LoRA (r 8, query/value) on SST-2 rows,
 * after a few warm-up steps (LoRA's B starts at zero, which makes A's gradient zero at step 0).
 * Run: {@code examples/run.sh FisherMasks [--keep 0.1] [--warmup 4] [--batches 4]}
 */
public final class FisherMasks {
    private FisherMasks() {}

    public static void main(String[] argv) throws Exception {
        ExampleArgs args = new ExampleArgs(argv, "--keep", "--warmup", "--batches");
        double keep = args.real("--keep", 0.1);
        Path dir = MiniLmFolder.locate();
        try (TransformerModel model = Models.load(dir, LoadOptions.head("BertForSequenceClassification", 2))) {
            PeftModel peft = Peft.apply(model, LoraConfig.of(8, 16).withTargets("query", "value"));
            TextClassification task = new TextClassification(model, Tasks.SST2, Tokenizer.fromFile(dir.resolve("tokenizer.json")));
            List<TextBatch> batches = task.trainPlan(task.encode(BuiltinDatasets.sst2Sample().train().subList(0, 128), 48), 16, 0, false).batches(0);

            AdamW opt = new AdamW(peft.trainableParameters(), 1e-3);
            for (int s = 0; s < args.integer("--warmup", 4); s++) {
                task.trainStep().loss(batches.get(s % batches.size())).backward();
                opt.step();
                opt.zeroGrad();
            }

            // 1. Fisher scores: one backward per batch, gradients squared and averaged (dropout off).
            peft.eval();
            List<TextBatch> scored = batches.subList(0, Math.min(args.integer("--batches", 4), batches.size()));
            FisherInformation fisher = FisherEstimator.estimate(peft, scored.stream().map(TextBatch::inputWithLabels).toList(),
                    FisherEstimator.Granularity.PER_BATCH);
            // 2. The mask: the top `keep` of each tensor's entries.
            FisherMask mask = MaskBuilder.build(peft, fisher, new MaskSpec(keep, MaskSpec.Pool.PER_TENSOR, MaskSpec.Groups.ENTRY));
            System.out.printf(Locale.ROOT, "Fisher over %d batches; mask keeps %,d of %,d adapter entries (%.1f%%)%n",
                    fisher.units(), mask.kept(), mask.total(), 100.0 * mask.kept() / mask.total());
            for (String key : List.of(first(mask, "layer.0.attention.self.query.lora_A"), first(mask, "layer.5.attention.self.value.lora_B"))) {
                Tensor f = fisher.scores().get(key);
                float max = 0;
                double mean = 0;
                for (float v : f.toFloatArray()) { max = Math.max(max, v); mean += v / f.numel(); }
                System.out.printf(Locale.ROOT, "  %s: Fisher mean %.3e, max %.3e, kept %d of %d%n", key, mean, max, mask.get(key).count(), mask.get(key).size());
            }

            // 3. Training under the mask: masked-out entries get no gradient and no update, bit for bit.
            mask.apply(peft);
            peft.train();
            Map<String, Tensor> beforeStep = peft.adapterTensors();
            task.trainStep().loss(batches.getLast()).backward();
            opt.step();
            opt.zeroGrad();
            long changedOutside = 0, changedInside = 0;
            Map<String, Tensor> afterStep = peft.adapterTensors();
            for (String key : mask.masks().keySet()) {
                float[] b = beforeStep.get(key).toFloatArray(), a = afterStep.get(key).toFloatArray();
                BitMask bits = mask.get(key);
                for (int i = 0; i < b.length; i++) {
                    if (a[i] == b[i]) continue;
                    if (bits.get(i)) changedInside++; else changedOutside++;
                }
            }
            System.out.printf(Locale.ROOT, "one masked AdamW step changed %,d kept entries and %d masked-out entries%n", changedInside, changedOutside);

            // 4. What a client sends: the whole adapter, or the kept values plus a bitmask (frame payload bytes).
            MessageCodec codec = new MessageCodec(FrameLimits.DEFAULT);
            Map<String, SparseTensor> sparse = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : peft.adapterParameters().entrySet()) {
                BitMask bits = mask.get(e.getKey());
                boolean[] kept = new boolean[bits.size()];
                for (int i = 0; i < kept.length; i++) kept[i] = bits.get(i);
                sparse.put(e.getKey(), SparseTensor.select(e.getValue().value(), kept));
            }
            int dense = codec.encode(new Message.ClientUpdate(1, 128, Map.of(), TensorUpdate.dense(afterStep))).length;
            int masked = codec.encode(new Message.ClientUpdate(1, 128, Map.of(), new TensorUpdate(Map.of(), sparse))).length;
            System.out.printf(Locale.ROOT, "client update payload: dense %,d bytes, Fisher-masked %,d bytes (%.1f%%)%n", dense, masked, 100.0 * masked / dense);
        }
    }

    private static String first(FisherMask mask, String contains) {
        return mask.masks().keySet().stream().filter(k -> k.contains(contains)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no adapter tensor matching " + contains));
    }
}
