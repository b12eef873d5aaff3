package org.peft4j.transformer.models;

import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.nn.KvCache;

/**
 * What a model forward takes, in transformers' names. Only input_ids is required.
 *
 * @param inputIds           token ids [B, T] (I64 or I32)
 * @param attentionMask      1 = token, 0 = padding; [B, T], or [B, past + T] when a cache holds past tokens; null = all ones
 * @param tokenTypeIds       BERT segment ids [B, T]; null = zeros
 * @param positionIds        [B, T]; null = the model's default (0.. for BERT/GPT-2/LLaMA shifted by the cache length,
 *                           padding_idx + cumsum for RoBERTa)
 * @param labels             classes [B] (I64), regression targets [B] or [B, labels] (F32), or token ids [B, T] for
 *                           language models (shifted inside, -100 ignored); null = no loss
 * @param cache              decoder KV cache (inference under GradMode.noGrad()), or null
 * @param outputHiddenStates whether to return every hidden state
 * @param outputAttentions   whether to return every layer's attention probabilities
 * @param headRowsOnly       compute the last layer only for the rows the head reads, where that is fewer than all:
 *                           encoder classification heads read the first token, so BERT/RoBERTa then return a
 *                           last_hidden_state of one row per sequence [B, 1, H] (same logits, loss and gradients,
 *                           ~7 % less work for BERT-base); ignored when hidden states or attentions are requested
 *                           and by models whose head reads every position
 */
public record ModelInput(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds, Tensor positionIds, Tensor labels,
                         KvCache cache, boolean outputHiddenStates, boolean outputAttentions, boolean headRowsOnly) {

    public static ModelInput of(Tensor inputIds) { return new ModelInput(inputIds, null, null, null, null, null, false, false, false); }

    public static ModelInput of(Tensor inputIds, Tensor attentionMask) { return of(inputIds).withAttentionMask(attentionMask); }

    public ModelInput withAttentionMask(Tensor m) { return new ModelInput(inputIds, m, tokenTypeIds, positionIds, labels, cache, outputHiddenStates, outputAttentions, headRowsOnly); }
    public ModelInput withTokenTypeIds(Tensor t) { return new ModelInput(inputIds, attentionMask, t, positionIds, labels, cache, outputHiddenStates, outputAttentions, headRowsOnly); }
    public ModelInput withPositionIds(Tensor p) { return new ModelInput(inputIds, attentionMask, tokenTypeIds, p, labels, cache, outputHiddenStates, outputAttentions, headRowsOnly); }
    public ModelInput withLabels(Tensor l) { return new ModelInput(inputIds, attentionMask, tokenTypeIds, positionIds, l, cache, outputHiddenStates, outputAttentions, headRowsOnly); }
    public ModelInput withCache(KvCache c) { return new ModelInput(inputIds, attentionMask, tokenTypeIds, positionIds, labels, c, outputHiddenStates, outputAttentions, headRowsOnly); }
    public ModelInput withHiddenStates() { return new ModelInput(inputIds, attentionMask, tokenTypeIds, positionIds, labels, cache, true, outputAttentions, headRowsOnly); }
    public ModelInput withAttentions() { return new ModelInput(inputIds, attentionMask, tokenTypeIds, positionIds, labels, cache, outputHiddenStates, true, headRowsOnly); }

    public ModelInput withHeadRowsOnly() { return new ModelInput(inputIds, attentionMask, tokenTypeIds, positionIds, labels, cache, outputHiddenStates, outputAttentions, true); }

    /** Whether the last layer may run on the head's rows only (requested, and no per-layer outputs asked for). */
    public boolean lastLayerHeadRowsOnly() { return headRowsOnly && !outputHiddenStates && !outputAttentions; }

    public int batch() { return inputIds.size(0); }
    public int seqLen() { return inputIds.size(1); }
}
