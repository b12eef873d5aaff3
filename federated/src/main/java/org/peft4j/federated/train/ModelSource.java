package org.peft4j.federated.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.peft4j.tensor.DType;
import org.peft4j.transformer.models.LoadOptions;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.RandomWeights;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.onnx.MiniLm;
import org.peft4j.weights.tokenizer.Tokenizer;

/**
 * Where every party of a run gets its own copy of the pretrained encoder (with a sequence-classification head)
 * and the tokenizer. Each call to {@link #load} builds a fresh model: clients in one process must not share one.
 * A head the checkpoint lacks starts from the same seeded random values in every copy.
 */
public interface ModelSource {
    /** A new model with a classification head of numLabels outputs, frozen, in eval mode. */
    TransformerModel load(int numLabels);

    Tokenizer tokenizer();

    /** adapter_config.json's base_model_name_or_path. */
    String name();

    /** sentence-transformers/all-MiniLM-L6-v2 from the Maven jar (converted once into the peft4j cache folder). */
    static ModelSource miniLm() {
        Path dir;
        try {
            dir = MiniLm.materialize();
        } catch (IOException e) {
            throw new UncheckedIOException("all-MiniLM-L6-v2: cannot materialize it from its Maven jar: " + e.getMessage(), e);
        }
        return folder(dir, "sentence-transformers/" + MiniLm.NAME);
    }

    /** A Hugging Face BERT or RoBERTa folder (config.json, model.safetensors, tokenizer.json). */
    static ModelSource folder(Path dir, String name) {
        Path tok = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tok)) throw new IllegalArgumentException(dir + ": no tokenizer.json (expected a Hugging Face model folder)");
        return new ModelSource() {
            @Override
            public TransformerModel load(int numLabels) {
                String type;
                try {
                    type = ModelConfig.load(dir).modelType();
                } catch (IOException e) {
                    throw new UncheckedIOException(dir + ": cannot read config.json: " + e.getMessage(), e);
                }
                String head = switch (type) {
                    case "bert" -> "BertForSequenceClassification";
                    case "roberta" -> "RobertaForSequenceClassification";
                    default -> throw new IllegalArgumentException(dir + ": model_type '" + type + "' has no sequence-classification head here (bert or roberta)");
                };
                return Models.load(dir, LoadOptions.head(head, numLabels));
            }

            @Override
            public Tokenizer tokenizer() { return readTokenizer(tok); }

            @Override
            public String name() { return name; }
        };
    }

    /**
     * A small BERT with seeded random weights and the given tokenizer's vocabulary, for tests and load experiments
     * where what matters is the machinery, not the accuracy.
     */
    static ModelSource randomBert(Path tokenizerFile, int hidden, int layers, int heads, long seed) {
        try {
            return randomBert(Files.readString(tokenizerFile), hidden, layers, heads, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokenizer " + tokenizerFile + ": " + e.getMessage(), e);
        }
    }

    /** {@link #randomBert(Path, int, int, int, long)} with all-MiniLM-L6-v2's tokenizer, read from its Maven jar. */
    static ModelSource randomBert(int hidden, int layers, int heads, long seed) {
        // the langchain4j jar carries the tokenizer as a classpath resource beside the ONNX model
        try (var in = ModelSource.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            if (in == null) throw new IllegalStateException("all-minilm-l6-v2-tokenizer.json is not on the classpath (the langchain4j MiniLM jar is missing)");
            return randomBert(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), hidden, layers, heads, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MiniLM tokenizer from its jar: " + e.getMessage(), e);
        }
    }

    private static ModelSource randomBert(String tokenizerJson, int hidden, int layers, int heads, long seed) {
        int vocab = Tokenizer.fromJson(tokenizerJson).vocabSize();
        return new ModelSource() {
            @Override
            public TransformerModel load(int numLabels) {
                String json = """
                        {"model_type": "bert", "architectures": ["BertForSequenceClassification"], "vocab_size": %d,
                         "hidden_size": %d, "num_hidden_layers": %d, "num_attention_heads": %d, "intermediate_size": %d,
                         "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
                         "max_position_embeddings": 512, "type_vocab_size": 2, "initializer_range": 0.02,
                         "layer_norm_eps": 1e-12, "pad_token_id": 0}
                        """.formatted(vocab, hidden, layers, heads, 4 * hidden);
                ModelConfig cfg;
                try {
                    cfg = ModelConfig.parse(json, "random BERT");
                } catch (IOException e) {
                    throw new IllegalStateException("the random BERT config does not parse: " + e.getMessage(), e);
                }
                TransformerModel m = Models.build(cfg, LoadOptions.head("BertForSequenceClassification", numLabels),
                        new RandomWeights(seed, 0.02f, DType.F32, false), "random BERT");
                m.eval();
                return m;
            }

            @Override
            public Tokenizer tokenizer() { return Tokenizer.fromJson(tokenizerJson); }

            @Override
            public String name() { return "random-bert-h" + hidden + "-l" + layers; }
        };
    }

    private static Tokenizer readTokenizer(Path file) {
        try {
            return Tokenizer.fromFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokenizer " + file + ": " + e.getMessage(), e);
        }
    }
}
