package org.peft4j.transformer.models;

import org.peft4j.transformer.models.bert.BertForSequenceClassification;
import org.peft4j.transformer.models.bert.BertModel;
import org.peft4j.transformer.models.bert.RobertaForSequenceClassification;
import org.peft4j.transformer.models.bert.RobertaModel;
import org.peft4j.transformer.models.config.ConfigJson;
import org.peft4j.transformer.models.config.EncoderConfig;
import org.peft4j.transformer.models.config.Gpt2Config;
import org.peft4j.transformer.models.config.LlamaConfig;
import org.peft4j.transformer.models.gpt2.Gpt2LMHeadModel;
import org.peft4j.transformer.models.gpt2.Gpt2Model;
import org.peft4j.transformer.models.llama.LlamaForCausalLM;
import org.peft4j.transformer.models.llama.LlamaModel;
import org.peft4j.weights.safetensors.ModelWeights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds models from Hugging Face folders (by config.json's model_type, and architectures[0] for the head) or from a
 * config with random weights. Loaded models are frozen, in eval mode, and view their weights in the mapped files.
 */
public final class Models {
    private Models() {}

    /** The architectures each model_type supports (the first is the default when config.json names none). */
    public static final List<String> BERT = List.of("BertModel", "BertForSequenceClassification");
    public static final List<String> ROBERTA = List.of("RobertaModel", "RobertaForSequenceClassification");
    public static final List<String> GPT2 = List.of("GPT2LMHeadModel", "GPT2Model");
    public static final List<String> LLAMA = List.of("LlamaForCausalLM", "LlamaModel");

    public static TransformerModel load(Path dir) { return load(dir, LoadOptions.DEFAULT); }

    public static TransformerModel load(Path dir, LoadOptions opts) {
        ConfigJson cfg = ConfigJson.read(dir);
        ModelWeights weights;
        try {
            weights = ModelWeights.open(dir);
        } catch (IOException e) {
            throw new ModelLoadException(dir + ": cannot open the weights: " + e.getMessage(), e);
        }
        try {
            String type = cfg.modelType();
            FileWeights w = new FileWeights(weights, cfg.source(), basePrefix(type));
            TransformerModel m = build(cfg, opts, w);
            m.attachResources(weights);
            m.eval();
            return m;
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private static String basePrefix(String type) {
        return switch (type) {
            case "bert" -> "bert";
            case "roberta" -> "roberta";
            case "gpt2" -> "transformer";
            case "llama" -> "model";
            default -> "";
        };
    }

    /** Builds the model a config describes from any weight source (a file, or random for benchmarks). */
    public static TransformerModel build(ConfigJson cfg, LoadOptions opts, WeightSource w) {
        String type = cfg.modelType();
        String arch = opts.architecture() != null ? opts.architecture() : cfg.architecture();
        return switch (type) {
            case "bert", "roberta" -> {
                EncoderConfig c = EncoderConfig.from(cfg);
                if (opts.numLabels() > 0 || opts.problemType() != null)
                    c = withLabels(c, opts.numLabels() > 0 ? opts.numLabels() : c.numLabels(), opts.problemType() != null ? opts.problemType() : c.problemType());
                yield encoder(c, arch, w, cfg.source());
            }
            case "gpt2" -> gpt2(Gpt2Config.from(cfg), arch, w, cfg.source());
            case "llama" -> llama(LlamaConfig.from(cfg), arch, w, cfg.source());
            default -> throw cfg.error("model_type", "one of bert, roberta, gpt2, llama", "'" + type + "'");
        };
    }

    public static TransformerModel encoder(EncoderConfig c, String arch, WeightSource w, String source) {
        boolean roberta = c.isRoberta();
        List<String> supported = roberta ? ROBERTA : BERT;
        String a = arch == null ? supported.get(0) : arch;
        String prefix = roberta ? "roberta" : "bert";
        if (a.equals(supported.get(1)))
            return roberta ? new RobertaForSequenceClassification(c, w) : new BertForSequenceClassification(c, w);
        if (a.equals(supported.get(0)) || isBodyOnly(a, roberta ? "Roberta" : "Bert")) {
            boolean pooler = w.has("pooler.dense.weight");
            return roberta ? new RobertaModel("", c, w, pooler) : new BertModel("", c, w, pooler);
        }
        throw unsupported(source, a, supported, prefix);
    }

    /** Other pretraining heads (…ForMaskedLM, …ForPreTraining) load as the bare body, as AutoModel does. */
    private static boolean isBodyOnly(String arch, String family) {
        return arch.startsWith(family + "For") && !arch.endsWith("SequenceClassification");
    }

    public static TransformerModel gpt2(Gpt2Config c, String arch, WeightSource w, String source) {
        String a = arch == null ? GPT2.get(0) : arch;
        if (a.equals("GPT2LMHeadModel")) return new Gpt2LMHeadModel(c, w);
        if (a.equals("GPT2Model")) return new Gpt2Model("", c, w);
        throw unsupported(source, a, GPT2, "gpt2");
    }

    public static TransformerModel llama(LlamaConfig c, String arch, WeightSource w, String source) {
        String a = arch == null ? LLAMA.get(0) : arch;
        if (a.equals("LlamaForCausalLM")) return new LlamaForCausalLM(c, w);
        if (a.equals("LlamaModel")) return new LlamaModel("", c, w);
        throw unsupported(source, a, LLAMA, "llama");
    }

    private static ModelLoadException unsupported(String source, String arch, List<String> supported, String type) {
        return new ModelLoadException(source + ": field 'architectures': expected one of " + supported + " for model_type " + type + ", found '" + arch + "'");
    }

    private static EncoderConfig withLabels(EncoderConfig c, int numLabels, String problemType) {
        return new EncoderConfig(c.modelType(), c.architecture(), c.vocabSize(), c.hiddenSize(), c.numLayers(), c.numHeads(),
                c.intermediateSize(), c.hiddenAct(), c.maxPositions(), c.typeVocabSize(), c.layerNormEps(), c.padTokenId(),
                c.hiddenDropout(), c.attentionDropout(), c.classifierDropout(), numLabels, problemType, c.initializerRange());
    }
}
