package org.peft4j.weights.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.weights.TestData;

class ModelConfigTest {
    @TempDir Path tmp;

    static ModelConfig parse(String json) throws ConfigFormatException {
        return ModelConfig.parse(json, "test config.json");
    }

    // ------------------------------------------------------------ the golden configs (written by transformers 4.40)

    @Test
    void goldenBert() throws Exception {
        BertConfig c = assertInstanceOf(BertConfig.class, ModelConfig.load(TestData.golden().resolve("bert/model")));
        assertEquals(500, c.vocabSize());
        assertEquals(64, c.hiddenSize());
        assertEquals(2, c.numHiddenLayers());
        assertEquals(4, c.numAttentionHeads());
        assertEquals(16, c.headDim());
        assertEquals(128, c.intermediateSize());
        assertEquals(64, c.maxPositionEmbeddings());
        assertEquals(2, c.typeVocabSize());
        assertEquals("gelu", c.activation());
        assertEquals(1e-12, c.normEps());
        assertEquals("absolute", c.positionEmbeddingType());
        assertNull(c.classifierDropout());
        assertEquals(0, c.tokens().pad());
        assertEquals(List.of("BertModel"), c.architectures());
        assertEquals(2, c.labels().numLabels(), "HF default when id2label is absent");
        assertEquals(Map.of(0, "LABEL_0", 1, "LABEL_1"), c.labels().id2label());
    }

    @Test
    void goldenBertClassifier() throws Exception {
        BertConfig c = (BertConfig) ModelConfig.load(TestData.golden().resolve("bert-seqcls/model/config.json"));
        assertEquals(3, c.labels().numLabels());
        assertEquals(Map.of(0, "LABEL_0", 1, "LABEL_1", 2, "LABEL_2"), c.labels().id2label());
        assertEquals(Map.of("LABEL_0", 0, "LABEL_1", 1, "LABEL_2", 2), c.labels().label2id());
        assertNull(c.labels().problemType());
        assertEquals(List.of("BertForSequenceClassification"), c.architectures());
    }

    @Test
    void goldenRoberta() throws Exception {
        RobertaConfig c = assertInstanceOf(RobertaConfig.class, ModelConfig.load(TestData.golden().resolve("roberta-seqcls/model")));
        assertEquals(600, c.vocabSize());
        assertEquals(48, c.hiddenSize());
        assertEquals(66, c.maxPositionEmbeddings());
        assertEquals(1, c.typeVocabSize());
        assertEquals(1e-5, c.layerNormEps());
        assertEquals(1, c.paddingIdx());
        assertEquals(0, c.tokens().bos());
        assertEquals(List.of(2), c.tokens().eos());
        assertEquals(2, c.labels().numLabels(), "num_labels=2 is HF's default, so save_pretrained did not write it");
    }

    @Test
    void goldenGpt2() throws Exception {
        Gpt2Config c = assertInstanceOf(Gpt2Config.class, ModelConfig.load(TestData.golden().resolve("gpt2/model")));
        assertEquals(512, c.vocabSize());
        assertEquals(64, c.hiddenSize());
        assertNull(c.nInner());
        assertEquals(256, c.intermediateSize(), "n_inner null means 4 * n_embd");
        assertEquals(64, c.maxPositionEmbeddings());
        assertEquals("gelu_new", c.activation());
        assertEquals(1e-5, c.normEps());
        assertTrue(c.tieWordEmbeddings(), "GPT-2 ties lm_head to wte by default");
        assertTrue(c.scaleAttnWeights());
        assertFalse(c.scaleAttnByInverseLayerIdx());
        assertEquals(511, c.tokens().bos());
        assertEquals(511, c.tokens().firstEos());
    }

    @Test
    void goldenLlamaWithGroupedQueryAttention() throws Exception {
        LlamaConfig c = assertInstanceOf(LlamaConfig.class, ModelConfig.load(TestData.golden().resolve("llama-gqa/model")));
        assertEquals(400, c.vocabSize());
        assertEquals(4, c.numAttentionHeads());
        assertEquals(2, c.numKeyValueHeads());
        assertEquals(2, c.groupSize());
        assertEquals(16, c.headDim());
        assertEquals(176, c.intermediateSize());
        assertEquals(500000.0, c.ropeTheta());
        assertNull(c.ropeScaling());
        assertEquals(1e-5, c.rmsNormEps());
        assertFalse(c.tieWordEmbeddings());
        assertFalse(c.attentionBias());
        assertEquals("silu", c.activation());
        assertEquals(0, c.tokens().pad());
    }

    @Test
    void realMiniLmConfig() throws Exception {
        Path dir = TestData.sharedOrSkip("models/all-MiniLM-L6-v2");
        BertConfig c = (BertConfig) ModelConfig.load(dir);
        assertEquals(30522, c.vocabSize());
        assertEquals(384, c.hiddenSize());
        assertEquals(6, c.numHiddenLayers());
        assertEquals(12, c.numAttentionHeads());
        assertEquals(1536, c.intermediateSize());
    }

    // ------------------------------------------------------------ transformers' defaults for absent keys

    @Test
    void llamaDefaults() throws Exception {
        LlamaConfig c = (LlamaConfig) parse("{\"model_type\": \"llama\"}");
        assertEquals(32000, c.vocabSize());
        assertEquals(4096, c.hiddenSize());
        assertEquals(11008, c.intermediateSize());
        assertEquals(32, c.numHiddenLayers());
        assertEquals(32, c.numAttentionHeads());
        assertEquals(32, c.numKeyValueHeads(), "num_key_value_heads defaults to num_attention_heads");
        assertEquals(128, c.headDim());
        assertEquals(2048, c.maxPositionEmbeddings());
        assertEquals(10000.0, c.ropeTheta());
        assertEquals(1e-6, c.rmsNormEps());
        assertFalse(c.tieWordEmbeddings());
        assertEquals("silu", c.hiddenAct());
        assertEquals(1, c.tokens().bos());
        assertEquals(List.of(2), c.tokens().eos());
        assertNull(c.tokens().pad());
        assertFalse(c.mlpBias());
    }

    @Test
    void gpt2Defaults() throws Exception {
        Gpt2Config c = (Gpt2Config) parse("{\"model_type\": \"gpt2\"}");
        assertEquals(50257, c.vocabSize());
        assertEquals(1024, c.nPositions());
        assertEquals(768, c.nEmbd());
        assertEquals(12, c.nLayer());
        assertEquals(12, c.nHead());
        assertEquals(3072, c.intermediateSize());
        assertEquals("gelu_new", c.activationFunction());
        assertEquals(1e-5, c.layerNormEpsilon());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(50256, c.tokens().bos());
        assertEquals(List.of(50256), c.tokens().eos());
        Gpt2Config aliased = (Gpt2Config) parse("{\"model_type\": \"gpt2\", \"hidden_size\": 64, \"num_attention_heads\": 4, \"n_inner\": 100}");
        assertEquals(64, aliased.nEmbd());
        assertEquals(4, aliased.nHead());
        assertEquals(100, aliased.intermediateSize());
    }

    @Test
    void bertAndRobertaDefaults() throws Exception {
        BertConfig b = (BertConfig) parse("{\"model_type\": \"bert\"}");
        assertEquals(30522, b.vocabSize());
        assertEquals(768, b.hiddenSize());
        assertEquals(3072, b.intermediateSize());
        assertEquals(512, b.maxPositionEmbeddings());
        assertEquals(2, b.typeVocabSize());
        assertEquals(1e-12, b.layerNormEps());
        assertEquals("gelu", b.hiddenAct());
        assertEquals(0, b.tokens().pad());
        assertNull(b.tokens().bos());
        RobertaConfig r = (RobertaConfig) parse("{\"model_type\": \"roberta\"}");
        assertEquals(50265, r.vocabSize());
        assertEquals(1e-12, r.layerNormEps(), "RobertaConfig's code default (checkpoints write 1e-05 explicitly)");
        assertEquals(1, r.tokens().pad());
        assertEquals(0, r.tokens().bos());
        assertEquals(List.of(2), r.tokens().eos());
    }

    @Test
    void classificationSettings() throws Exception {
        ModelConfig c = parse("{\"model_type\": \"bert\", \"num_labels\": 5, \"problem_type\": \"multi_label_classification\"}");
        assertEquals(5, c.labels().numLabels());
        assertEquals("LABEL_4", c.labels().id2label().get(4));
        assertEquals("multi_label_classification", c.labels().problemType());
        ModelConfig named = parse("{\"model_type\": \"roberta\", \"num_labels\": 7, \"id2label\": {\"0\": \"neg\", \"1\": \"pos\"}}");
        assertEquals(2, named.labels().numLabels(), "id2label wins over num_labels, as in PretrainedConfig");
        assertEquals(Map.of("neg", 0, "pos", 1), named.labels().label2id());
        ModelConfig regression = parse("{\"model_type\": \"bert\", \"num_labels\": 1, \"problem_type\": \"regression\"}");
        assertEquals(1, regression.labels().numLabels());
    }

    @Test
    void ropeScalingAndRopeParameters() throws Exception {
        LlamaConfig c = (LlamaConfig) parse("{\"model_type\": \"llama\", \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0,"
                + " \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 8192}, \"eos_token_id\": [128001, 128009]}");
        assertEquals("llama3", c.ropeScaling().type());
        assertEquals(8.0, c.ropeScaling().factor());
        assertEquals(8192.0, c.ropeScaling().number("original_max_position_embeddings", 0));
        assertEquals(List.of(128001, 128009), c.tokens().eos());
        LlamaConfig v5 = (LlamaConfig) parse("{\"model_type\": \"llama\", \"rope_parameters\": {\"rope_theta\": 500000.0, \"rope_type\": \"default\"}}");
        assertEquals(500000.0, v5.ropeTheta());
        assertNull(v5.ropeScaling());
    }

    // ------------------------------------------------------------ clear errors

    @Test
    void unknownOrMissingModelType() throws Exception {
        var e = assertThrows(UnsupportedModelTypeException.class, () -> parse("{\"model_type\": \"mistral\"}"));
        assertEquals("mistral", e.modelType());
        assertTrue(e.getMessage().contains("'mistral' is not supported: peft4j implements bert, roberta, gpt2, llama"), e.getMessage());
        var missing = assertThrows(ConfigFormatException.class, () -> parse("{\"hidden_size\": 8}"));
        assertTrue(missing.getMessage().contains("expected 'model_type' to be a string"), missing.getMessage());
    }

    @Test
    void wrongTypesAndImpossibleShapes() throws Exception {
        assertMessage("{\"model_type\": \"bert\", \"hidden_size\": \"64\"}", "expected 'hidden_size' to be an integer, found \"64\"");
        assertMessage("{\"model_type\": \"bert\", \"hidden_size\": 64.5}", "expected 'hidden_size' to be an integer, found 64.5");
        assertMessage("{\"model_type\": \"bert\", \"hidden_size\": 65, \"num_attention_heads\": 4}", "hidden_size (65) is not a multiple of num_attention_heads (4)");
        assertMessage("{\"model_type\": \"llama\", \"num_attention_heads\": 4, \"num_key_value_heads\": 3, \"hidden_size\": 64}", "num_attention_heads (4) is not a multiple of num_key_value_heads (3)");
        assertMessage("{\"model_type\": \"gpt2\", \"n_layer\": 0}", "expected 'n_layer' to be positive, found 0");
        assertMessage("{\"model_type\": \"bert\", \"layer_norm_eps\": \"small\"}", "expected 'layer_norm_eps' to be a number");
        assertMessage("{\"model_type\": \"llama\", \"tie_word_embeddings\": 1}", "expected 'tie_word_embeddings' to be true or false");
        assertMessage("{\"model_type\": \"bert\", \"problem_type\": \"ranking\"}", "'problem_type' to be one of");
        assertMessage("{\"model_type\": \"bert\", \"id2label\": {\"a\": \"x\"}}", "keys of 'id2label' to be integers, found 'a'");
        assertMessage("{\"model_type\": \"bert\", \"eos_token_id\": \"</s>\"}", "'eos_token_id' to be an integer or a list of integers");
        var json = assertThrows(ConfigFormatException.class, () -> parse("{\"model_type\": \"bert\",}"));
        assertTrue(json.getMessage().startsWith("test config.json: at byte "), json.getMessage());
        assertTrue(json.getMessage().contains("not valid JSON"));
        assertMessage("[1]", "expected a JSON object, found ARRAY");
    }

    @Test
    void loadNamesTheMissingFile() throws Exception {
        var e = assertThrows(java.nio.file.NoSuchFileException.class, () -> ModelConfig.load(tmp));
        assertTrue(e.getMessage().contains("config.json"));
        Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"t5\"}");
        var t5 = assertThrows(UnsupportedModelTypeException.class, () -> ModelConfig.load(tmp));
        assertEquals(tmp.resolve("config.json").toString(), t5.source());
    }

    private static void assertMessage(String json, String expected) {
        var e = assertThrows(ConfigFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("test config.json"), e.getMessage());
    }
}
