package org.peft4j.weights.config;

/** What BERT and RoBERTa share: the same encoder, embeddings with token types, post-LayerNorm blocks. */
public sealed interface EncoderConfig extends ModelConfig permits BertConfig, RobertaConfig {
    String hiddenAct();

    double hiddenDropoutProb();

    double attentionProbsDropoutProb();

    int typeVocabSize();

    double initializerRange();

    double layerNormEps();

    /** "absolute" (the only kind peft4j implements), "relative_key" or "relative_key_query". */
    String positionEmbeddingType();

    /** Dropout of the classification head; null means hidden_dropout_prob. */
    Double classifierDropout();

    @Override default String activation() { return hiddenAct(); }

    @Override default double normEps() { return layerNormEps(); }
}
