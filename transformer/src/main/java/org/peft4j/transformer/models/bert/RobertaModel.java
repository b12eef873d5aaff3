package org.peft4j.transformer.models.bert;

import org.peft4j.transformer.models.ConfigViews;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;

/**
 * transformers' RobertaModel: BERT's body with RoBERTa's positions (padding_idx + cumsum of the token mask; pads get
 * padding_idx) and, in RobertaForSequenceClassification, no pooler.
 */
public final class RobertaModel extends BertModel {
    public RobertaModel(String path, EncoderConfig cfg, WeightSource w, boolean withPooler) {
        super(path, requireRoberta(cfg), w, withPooler);
    }

    private static EncoderConfig requireRoberta(EncoderConfig cfg) {
        if (!ConfigViews.isRoberta(cfg)) throw new IllegalArgumentException("RobertaModel: config model_type must be roberta, found " + cfg.modelType());
        return cfg;
    }
}
