package org.peft4j.finetune.task;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.HeadLosses;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.nn.Layer;
import org.peft4j.transformer.nn.Module;

/**
 * The causal-LM loss of a batch, computing the language-model head only where a label counts. transformers'
 * heads project every position onto the vocabulary and then ignore the -100 labels; with GPT-2's 50,257 tokens
 * that projection (and its softmax and gradient) is most of the step, and in E2E fewer than half the positions
 * are target tokens. Same value and gradients as the model's own loss, less work: the body runs as usual, then
 * the hidden states of the positions that predict a target token are gathered and only they pass through
 * {@code lm_head} (whatever module sits there now, adapters included).
 * <p>
 * Models laid out as GPT2LMHeadModel / LlamaForCausalLM (one body child that is a TransformerModel, plus
 * {@code lm_head}) take this path; any other causal LM falls back to its own forward with labels.
 */
public final class TargetOnlyLoss {
    private final TransformerModel model;
    private final TransformerModel body;
    private final boolean supported;

    public TargetOnlyLoss(TransformerModel model) {
        this.model = model;
        TransformerModel found = null;
        int bodies = 0;
        for (Module c : model.children().values()) if (c instanceof TransformerModel t) { found = t; bodies++; }
        this.body = bodies == 1 ? found : null;
        this.supported = body != null && model.hasModule("lm_head") && model.module("lm_head") instanceof Layer;
    }

    /** Whether the gathered path is used (else the model's own forward computes the loss). */
    public boolean gathers() { return supported; }

    public Var loss(LmBatch batch) {
        if (!supported) return model.forward(batch.inputWithLabels()).loss();
        Tensor labels = batch.labels();
        int b = labels.size(0), t = labels.size(1);
        long[] lab = labels.toLongArray();
        int n = 0;
        for (int i = 0; i < b; i++) for (int j = 1; j < t; j++) if (lab[i * t + j] != HeadLosses.IGNORE_INDEX) n++;
        if (n == 0) throw new IllegalArgumentException("the batch has no target token to learn (every label is -100)");
        long[] rows = new long[n], targets = new long[n];
        int k = 0;
        for (int i = 0; i < b; i++)
            for (int j = 1; j < t; j++)
                if (lab[i * t + j] != HeadLosses.IGNORE_INDEX) {
                    rows[k] = (long) i * t + (j - 1); // position j-1 predicts token j
                    targets[k++] = lab[i * t + j];
                }
        Var hidden = body.forward(ModelInput.of(batch.inputIds(), batch.attentionMask())).lastHiddenState();
        int h = hidden.size(-1);
        Var picked = F.indexSelect(F.reshape(hidden, b * t, h), 0, Tensor.ofLongs(rows, n));
        Var logits = ((Layer) model.module("lm_head")).forward(picked);
        return HeadLosses.crossEntropy(logits, Tensor.ofLongs(targets, n));
    }
}
