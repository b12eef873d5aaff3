package org.peft4j.transformer.models.config;

/**
 * BERT and RoBERTa settings from config.json (the fields the models use).
 *
 * @param modelType         "bert" or "roberta" (RoBERTa offsets positions by pad_token_id + 1)
 * @param architecture      architectures[0] (picks the head), or null
 * @param numLabels         classes of a sequence-classification head (1 = regression)
 * @param problemType       "regression", "single_label_classification", "multi_label_classification" or null
 * @param classifierDropout classifier_dropout, or hidden_dropout_prob when null (as transformers does)
 */
public record EncoderConfig(String modelType, String architecture, int vocabSize, int hiddenSize, int numLayers,
                            int numHeads, int intermediateSize, String hiddenAct, int maxPositions, int typeVocabSize,
                            float layerNormEps, int padTokenId, float hiddenDropout, float attentionDropout,
                            float classifierDropout, int numLabels, String problemType, float initializerRange) {

    public int headDim() { return hiddenSize / numHeads; }

    public boolean isRoberta() { return modelType.equals("roberta") || modelType.equals("xlm-roberta"); }

    public static EncoderConfig from(ConfigJson c) {
        String type = c.modelType();
        int hidden = c.requirePositive("hidden_size");
        int heads = c.requirePositive("num_attention_heads");
        c.requireDivisible("hidden_size", hidden, "num_attention_heads", heads);
        String pet = c.optString("position_embedding_type", "absolute");
        if (!pet.equals("absolute")) throw c.error("position_embedding_type", "absolute", "'" + pet + "'");
        float hiddenDrop = (float) c.optDouble("hidden_dropout_prob", 0.1);
        boolean roberta = type.equals("roberta") || type.equals("xlm-roberta");
        return new EncoderConfig(type, c.architecture(), c.requirePositive("vocab_size"), hidden,
                c.requirePositive("num_hidden_layers"), heads, c.requirePositive("intermediate_size"),
                c.optString("hidden_act", "gelu"), c.optInt("max_position_embeddings", 512),
                c.optInt("type_vocab_size", 2), (float) c.optDouble("layer_norm_eps", 1e-12),
                c.optInt("pad_token_id", roberta ? 1 : 0), hiddenDrop,
                (float) c.optDouble("attention_probs_dropout_prob", 0.1),
                (float) c.optDouble("classifier_dropout", hiddenDrop), c.numLabels(),
                c.optString("problem_type", null), (float) c.optDouble("initializer_range", 0.02));
    }

    /** BERT-base (uncased) shapes, for benchmarks with random weights. */
    public static EncoderConfig bertBase(int numLabels) {
        return new EncoderConfig("bert", "BertForSequenceClassification", 30522, 768, 12, 12, 3072, "gelu", 512, 2,
                1e-12f, 0, 0.1f, 0.1f, 0.1f, numLabels, null, 0.02f);
    }
}
