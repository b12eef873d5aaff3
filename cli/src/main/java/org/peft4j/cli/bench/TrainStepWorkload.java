package org.peft4j.cli.bench;

import org.peft4j.autograd.Var;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftModel;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelShapes;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.RandomWeights;
import org.peft4j.transformer.models.TransformerModel;

import java.util.SplittableRandom;

/**
 * The workload of ../shared/bench/torch_peer.py train-step: a BERT-base-shaped classifier (2 labels) with random fp32
 * weights, a PEFT method applied (the peer: LoRA r=8, alpha 16 on query and value, trainable head), AdamW (lr 1e-4,
 * PyTorch's defaults) on the trainable tensors only, and one step = zero grads, forward with loss, backward, update,
 * on a batch of random token ids with a full attention mask. Dropout is off, as the peer has none.
 * <p>
 * The batch asks for {@link ModelInput#headRowsOnly()}: the classification head reads the [CLS] row only, so the
 * last layer computes its query, attention output and MLP for that row alone (the same loss and gradients; the
 * peer computes the full last layer). {@code --full-last-layer} turns it off for a like-for-like count of work.
 */
public final class TrainStepWorkload {
    private final PeftModel model;
    private final AdamW optimizer;
    private final ModelInput batch;

    public TrainStepWorkload(String arch, PeftConfig method, int batchSize, int seq, long seed, boolean headRowsOnly) {
        if (!arch.equals("bert-base")) throw new IllegalArgumentException("--arch: only bert-base is supported, found '" + arch + "'");
        if (batchSize < 1 || seq < 1 || seq > 512) throw new IllegalArgumentException("--batch must be >= 1 and --seq in 1..512, found " + batchSize + " and " + seq);
        TransformerModel base = Models.random(ModelShapes.bertBase(2), new RandomWeights(seed, 0.02f, DType.F32, false));
        model = Peft.apply(base, method).eval();
        optimizer = new AdamW(model.trainableParameters(), 1e-4);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        long[] ids = new long[batchSize * seq], mask = new long[batchSize * seq], labels = new long[batchSize];
        for (int i = 0; i < ids.length; i++) { ids[i] = rng.nextInt(30522); mask[i] = 1; }
        for (int i = 0; i < batchSize; i++) labels[i] = rng.nextInt(2);
        ModelInput input = ModelInput.of(Tensor.ofLongs(ids, batchSize, seq), Tensor.ofLongs(mask, batchSize, seq)).withLabels(Tensor.ofLongs(labels, batchSize));
        batch = headRowsOnly ? input.withHeadRowsOnly() : input;
    }

    /** One training step; returns the loss. */
    public float step() {
        optimizer.zeroGrad();
        Var loss = model.forward(batch).loss();
        loss.backward();
        optimizer.step();
        return loss.item();
    }

    public PeftModel model() { return model; }

    public long trainableParameters() { return model.numTrainableParameters(); }
}
