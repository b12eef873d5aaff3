package org.peft4j.weights.config;

import java.util.List;

/** transformers' BertConfig; the defaults are bert-base-uncased's (configuration_bert.py). */
public record BertConfig(
        int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
        String hiddenAct, double hiddenDropoutProb, double attentionProbsDropoutProb, int maxPositionEmbeddings,
        int typeVocabSize, double initializerRange, double layerNormEps, String positionEmbeddingType,
        Double classifierDropout, boolean tieWordEmbeddings, TokenIds tokens, Labels labels, List<String> architectures)
        implements EncoderConfig {

    public BertConfig {
        architectures = List.copyOf(architectures);
    }

    @Override public String modelType() { return "bert"; }

    static BertConfig read(ConfigReader r) throws ConfigFormatException {
        EncoderFields f = EncoderFields.read(r, 30522, 0, null, null);
        return new BertConfig(f.vocabSize(), f.hiddenSize(), f.numHiddenLayers(), f.numAttentionHeads(), f.intermediateSize(),
                f.hiddenAct(), f.hiddenDropoutProb(), f.attentionProbsDropoutProb(), f.maxPositionEmbeddings(), f.typeVocabSize(),
                f.initializerRange(), f.layerNormEps(), f.positionEmbeddingType(), f.classifierDropout(), f.tieWordEmbeddings(),
                f.tokens(), f.labels(), f.architectures());
    }
}
