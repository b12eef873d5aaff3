package org.peft4j.weights.config;

import java.util.List;

/** The keys of BertConfig / RobertaConfig, read once for both (they differ only in a few defaults). */
record EncoderFields(
        int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
        String hiddenAct, double hiddenDropoutProb, double attentionProbsDropoutProb, int maxPositionEmbeddings,
        int typeVocabSize, double initializerRange, double layerNormEps, String positionEmbeddingType,
        Double classifierDropout, boolean tieWordEmbeddings, TokenIds tokens, Labels labels, List<String> architectures) {

    static EncoderFields read(ConfigReader r, int vocabDefault, Integer padDefault, Integer bosDefault, Integer eosDefault)
            throws ConfigFormatException {
        int hidden = r.positive("hidden_size", r.integer("hidden_size", 768));
        int heads = r.positive("num_attention_heads", r.integer("num_attention_heads", 12));
        CommonFields.divisible(r, "hidden_size", hidden, "num_attention_heads", heads);
        return new EncoderFields(
                r.positive("vocab_size", r.integer("vocab_size", vocabDefault)),
                hidden,
                r.positive("num_hidden_layers", r.integer("num_hidden_layers", 12)),
                heads,
                r.positive("intermediate_size", r.integer("intermediate_size", 3072)),
                r.string("hidden_act", "gelu"),
                r.number("hidden_dropout_prob", 0.1),
                r.number("attention_probs_dropout_prob", 0.1),
                r.positive("max_position_embeddings", r.integer("max_position_embeddings", 512)),
                r.integer("type_vocab_size", 2),
                r.number("initializer_range", 0.02),
                r.number("layer_norm_eps", 1e-12),
                r.string("position_embedding_type", "absolute"),
                r.nullableNumber("classifier_dropout", null),
                r.bool("tie_word_embeddings", true),
                CommonFields.tokens(r, bosDefault, eosDefault == null ? List.of() : List.of(eosDefault), padDefault),
                CommonFields.labels(r),
                r.strings("architectures"));
    }
}
