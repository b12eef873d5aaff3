package org.peft4j.transformer.models;

import org.peft4j.transformer.models.bert.BertForSequenceClassification;
import org.peft4j.transformer.models.bert.BertModel;
import org.peft4j.transformer.models.bert.RobertaForSequenceClassification;
import org.peft4j.transformer.models.bert.RobertaModel;
import org.peft4j.transformer.models.gpt2.Gpt2LMHeadModel;
import org.peft4j.transformer.models.gpt2.Gpt2Model;
import org.peft4j.transformer.models.llama.LlamaForCausalLM;
import org.peft4j.transformer.models.llama.LlamaModel;
import org.peft4j.weights.config.BertConfig;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.weights.config.Gpt2Config;
import org.peft4j.weights.config.Labels;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.config.RobertaConfig;
import org.peft4j.weights.onnx.MiniLm;
import org.peft4j.weights.safetensors.ModelWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds models from Hugging Face folders (by config.json's model_type, and architectures[0] for the head) or from a
 * config with random weights. Loaded models are frozen, in eval mode, and view their weights in the mapped files
 * (close the model to unmap them).
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
        Path configFile = Files.isDirectory(dir) ? dir.resolve("config.json") : dir;
        ModelConfig cfg;
        try {
            cfg = ModelConfig.load(dir);
        } catch (IOException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        ModelWeights weights;
        try {
            weights = ModelWeights.open(dir);
        } catch (IOException e) {
            throw new ModelLoadException(dir + ": cannot open the weights: " + e.getMessage(), e);
        }
        try {
            FileWeights w = new FileWeights(weights, configFile.toString(), basePrefix(cfg.modelType()));
            TransformerModel m = build(cfg, opts, w, configFile.toString());
            m.attachResources(weights);
            m.setLoadReport(new LoadReport(dir.toString(), w.newlyInitialized(), w.unused()));
            m.eval();
            return m;
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /**
     * sentence-transformers/all-MiniLM-L6-v2 (a real pretrained BertModel) from the Maven jar, converted once into
     * a Hugging Face folder by the weights module's {@link MiniLm} (cached under ~/.cache/peft4j, see its defaultDir).
     */
    public static TransformerModel loadMiniLm() {
        try {
            return load(MiniLm.materialize());
        } catch (IOException e) {
            throw new ModelLoadException("all-MiniLM-L6-v2: cannot materialize the model from its Maven jar: " + e.getMessage(), e);
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

    /** Builds the model a config describes from any weight source (a mapped file, or {@link RandomWeights}). */
    public static TransformerModel build(ModelConfig cfg, LoadOptions opts, WeightSource w, String source) {
        ConfigViews.checkSupported(cfg, source);
        String arch = opts.architecture() != null ? opts.architecture() : ConfigViews.architecture(cfg);
        return switch (cfg) {
            case EncoderConfig c -> encoder(withLabels(c, opts), arch, w, source);
            case Gpt2Config c -> gpt2(c, arch, w, source);
            case LlamaConfig c -> llama(c, arch, w, source);
        };
    }

    /** A model of this config's shape with random weights (seeded), e.g. BERT-base or GPT-2 124M for benchmarks. */
    public static TransformerModel random(ModelConfig cfg, RandomWeights w) {
        TransformerModel m = build(cfg, LoadOptions.DEFAULT, w, "random " + cfg.modelType() + " config");
        m.eval();
        return m;
    }

    static TransformerModel encoder(EncoderConfig c, String arch, WeightSource w, String source) {
        boolean roberta = ConfigViews.isRoberta(c);
        List<String> supported = roberta ? ROBERTA : BERT;
        String a = arch == null ? supported.get(0) : arch;
        if (a.equals(supported.get(1)))
            return roberta ? new RobertaForSequenceClassification(c, w) : new BertForSequenceClassification(c, w);
        if (a.equals(supported.get(0)) || isBodyOnly(a, roberta ? "Roberta" : "Bert")) {
            boolean pooler = w.has("pooler.dense.weight");
            return roberta ? new RobertaModel("", c, w, pooler) : new BertModel("", c, w, pooler);
        }
        throw unsupported(source, a, supported, c.modelType());
    }

    /** Other pretraining heads (…ForMaskedLM, …ForPreTraining) load as the bare body, as AutoModel does. */
    private static boolean isBodyOnly(String arch, String family) {
        return arch.startsWith(family + "For") && !arch.endsWith("SequenceClassification");
    }

    static TransformerModel gpt2(Gpt2Config c, String arch, WeightSource w, String source) {
        String a = arch == null ? GPT2.get(0) : arch;
        if (a.equals("GPT2LMHeadModel")) return new Gpt2LMHeadModel(c, w);
        if (a.equals("GPT2Model")) return new Gpt2Model("", c, w);
        throw unsupported(source, a, GPT2, "gpt2");
    }

    static TransformerModel llama(LlamaConfig c, String arch, WeightSource w, String source) {
        String a = arch == null ? LLAMA.get(0) : arch;
        if (a.equals("LlamaForCausalLM")) return new LlamaForCausalLM(c, w);
        if (a.equals("LlamaModel")) return new LlamaModel("", c, w);
        throw unsupported(source, a, LLAMA, "llama");
    }

    private static ModelLoadException unsupported(String source, String arch, List<String> supported, String type) {
        return new ModelLoadException(source + ": field 'architectures': expected one of " + supported + " for model_type "
                + type + ", found '" + arch + "'");
    }

    /** The config with the label count / problem type of the options (a fresh classification head). */
    private static EncoderConfig withLabels(EncoderConfig c, LoadOptions o) {
        if (o.numLabels() <= 0 && o.problemType() == null) return c;
        Labels old = c.labels();
        int n = o.numLabels() > 0 ? o.numLabels() : old.numLabels();
        Labels l = n == old.numLabels() ? old : Labels.defaults(n);
        l = new Labels(l.numLabels(), l.id2label(), l.label2id(), o.problemType() != null ? o.problemType() : old.problemType());
        return switch (c) {
            case BertConfig b -> new BertConfig(b.vocabSize(), b.hiddenSize(), b.numHiddenLayers(), b.numAttentionHeads(),
                    b.intermediateSize(), b.hiddenAct(), b.hiddenDropoutProb(), b.attentionProbsDropoutProb(),
                    b.maxPositionEmbeddings(), b.typeVocabSize(), b.initializerRange(), b.layerNormEps(),
                    b.positionEmbeddingType(), b.classifierDropout(), b.tieWordEmbeddings(), b.tokens(), l, b.architectures());
            case RobertaConfig r -> new RobertaConfig(r.vocabSize(), r.hiddenSize(), r.numHiddenLayers(), r.numAttentionHeads(),
                    r.intermediateSize(), r.hiddenAct(), r.hiddenDropoutProb(), r.attentionProbsDropoutProb(),
                    r.maxPositionEmbeddings(), r.typeVocabSize(), r.initializerRange(), r.layerNormEps(),
                    r.positionEmbeddingType(), r.classifierDropout(), r.tieWordEmbeddings(), r.tokens(), l, r.architectures());
        };
    }
}
