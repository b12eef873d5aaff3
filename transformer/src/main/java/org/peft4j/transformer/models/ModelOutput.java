package org.peft4j.transformer.models;

import org.peft4j.autograd.Var;

import java.util.List;

/**
 * What a model forward returns, in transformers' names; absent parts are null.
 *
 * @param lastHiddenState [B, T, H] (for GPT-2 and LLaMA after the final norm)
 * @param hiddenStates    embedding output then each layer's output (the last one after the final norm for decoders),
 *                        when asked
 * @param attentions      each layer's attention probabilities [B, heads, Tq, Tk], when asked
 * @param poolerOutput    BERT's tanh(dense(h[:, 0])) [B, H]
 * @param logits          [B, labels] for classifiers, [B, T, vocab] for language models
 * @param loss            scalar, when labels were given
 */
public record ModelOutput(Var lastHiddenState, List<Var> hiddenStates, List<Var> attentions, Var poolerOutput,
                          Var logits, Var loss) {

    public ModelOutput withHead(Var logits, Var loss) {
        return new ModelOutput(lastHiddenState, hiddenStates, attentions, poolerOutput, logits, loss);
    }
}
