package org.peft4j.weights.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face config.json as a typed record, with the defaults transformers uses for absent keys. The
 * architecture-neutral view below lets generic code (cost models, inspect) read sizes without knowing the family.
 */
public sealed interface ModelConfig permits EncoderConfig, Gpt2Config, LlamaConfig {
    List<String> SUPPORTED_TYPES = List.of("bert", "roberta", "gpt2", "llama");

    /** config.json's model_type. */
    String modelType();

    int vocabSize();

    int hiddenSize();

    int numHiddenLayers();

    int numAttentionHeads();

    /** Width of the feed-forward layer (GPT-2: n_inner, or 4 * n_embd when it is null). */
    int intermediateSize();

    int maxPositionEmbeddings();

    /** Per-head width of queries and keys. */
    default int headDim() { return hiddenSize() / numAttentionHeads(); }

    /** The activation's HF name: "gelu" (erf), "gelu_new" (tanh), "silu", "relu", ... */
    String activation();

    /** Epsilon of the layer norms (RMS norms for LLaMA). */
    double normEps();

    /** Whether the output embedding (LM head) shares the input embedding's weight. */
    boolean tieWordEmbeddings();

    TokenIds tokens();

    /** num_labels, id2label, label2id, problem_type (used by classification heads). */
    Labels labels();

    /** config.json's "architectures" (e.g. BertForSequenceClassification), possibly empty. */
    List<String> architectures();

    /** Reads {@code dir/config.json} (or the given file) and dispatches on its model_type. */
    static ModelConfig load(Path dirOrFile) throws IOException {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("config.json") : dirOrFile;
        if (!Files.isRegularFile(file))
            throw new NoSuchFileException(file.toString(), null, "a Hugging Face model folder needs a config.json");
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Parses config.json text; {@code source} names it in error messages. */
    static ModelConfig parse(String json, String source) throws ConfigFormatException {
        return parse(json.getBytes(StandardCharsets.UTF_8), source);
    }

    static ModelConfig parse(byte[] json, String source) throws ConfigFormatException {
        JsonNode root;
        try {
            root = ConfigJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigFormatException(source, e.getLocation() == null ? -1 : e.getLocation().getByteOffset(),
                    "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigFormatException(source, -1, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject())
            throw new ConfigFormatException(source, "expected a JSON object, found " + (root == null ? "nothing" : root.getNodeType()));
        ConfigReader r = new ConfigReader(root, source);
        JsonNode type = root.get("model_type");
        if (type == null || !type.isTextual())
            throw r.wrong("model_type", "a string naming the architecture (one of " + String.join(", ", SUPPORTED_TYPES) + ")", type);
        return switch (type.asText()) {
            case "bert" -> BertConfig.read(r);
            case "roberta" -> RobertaConfig.read(r);
            case "gpt2" -> Gpt2Config.read(r);
            case "llama" -> LlamaConfig.read(r);
            default -> throw new UnsupportedModelTypeException(source, type.asText());
        };
    }
}

/** One shared, thread-safe JSON reader for configs. */
final class ConfigJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ConfigJson() {}
}
