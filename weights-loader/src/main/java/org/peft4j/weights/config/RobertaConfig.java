package org.peft4j.weights.config;

import java.util.List;

/**
 * transformers' RobertaConfig. Its code defaults equal BERT's except vocab_size 50265, pad 1, bos 0, eos 2; note
 * layer_norm_eps defaults to 1e-12 in the code even though every released RoBERTa checkpoint writes 1e-05 (and
 * max_position_embeddings 514, type_vocab_size 1) explicitly in its config.json.
 */
public record RobertaConfig(
        int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
        String hiddenAct, double hiddenDropoutProb, double attentionProbsDropoutProb, int maxPositionEmbeddings,
        int typeVocabSize, double initializerRange, double layerNormEps, String positionEmbeddingType,
        Double classifierDropout, boolean tieWordEmbeddings, TokenIds tokens, Labels labels, List<String> architectures)
        implements EncoderConfig {

    public RobertaConfig {
        architectures = List.copyOf(architectures);
    }

    @Override public String modelType() { return "roberta"; }

    /** Position ids start after the padding index: position i of a real token is pad + 1 + i. */
    public int paddingIdx() { return tokens.pad() == null ? 1 : tokens.pad(); }

    static RobertaConfig read(ConfigReader r) throws ConfigFormatException {
        EncoderFields f = EncoderFields.read(r, 50265, 1, 0, 2);
        return new RobertaConfig(f.vocabSize(), f.hiddenSize(), f.numHiddenLayers(), f.numAttentionHeads(), f.intermediateSize(),
                f.hiddenAct(), f.hiddenDropoutProb(), f.attentionProbsDropoutProb(), f.maxPositionEmbeddings(), f.typeVocabSize(),
                f.initializerRange(), f.layerNormEps(), f.positionEmbeddingType(), f.classifierDropout(), f.tieWordEmbeddings(),
                f.tokens(), f.labels(), f.architectures());
    }
}
