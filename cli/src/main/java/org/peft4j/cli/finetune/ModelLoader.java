package org.peft4j.cli.finetune;

import org.peft4j.finetune.data.TaskSpec;
import org.peft4j.finetune.data.TaskType;
import org.peft4j.tensor.DType;
import org.peft4j.transformer.models.LoadOptions;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.RandomWeights;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.weights.config.Gpt2Config;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.config.RobertaConfig;
import org.peft4j.weights.onnx.MiniLm;
import org.peft4j.weights.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the model and tokenizer a task needs. {@code --model minilm} (or none) is the built-in all-MiniLM-L6-v2;
 * otherwise a Hugging Face folder. Classification tasks get a sequence-classification head sized to the task (a
 * bare pretrained encoder gets a fresh one); generation tasks need a causal LM. With {@code randomInit} the folder's
 * config.json alone shapes a model with seeded random weights (training from scratch).
 */
public final class ModelLoader {
    private ModelLoader() {}

    /** The model, its tokenizer, the folder it came from and a one-line description for reports. */
    public record Loaded(TransformerModel model, Tokenizer tokenizer, Path dir, String description) {}

    public static final String BUILTIN = "minilm";

    public static boolean isBuiltin(String model) { return model == null || model.equalsIgnoreCase(BUILTIN); }

    public static Loaded load(String modelArg, Path tokenizerArg, boolean randomInit, long seed, TaskSpec task) throws IOException {
        Path dir = isBuiltin(modelArg) ? MiniLm.materialize() : Path.of(modelArg);
        if (!Files.exists(dir)) throw new IllegalArgumentException("--model " + modelArg + ": no such folder");
        ModelConfig cfg = ModelConfig.load(dir);
        checkFamily(cfg, task, dir);
        TransformerModel model;
        String what;
        if (randomInit) {
            float std = cfg instanceof Gpt2Config g ? (float) g.initializerRange()
                    : cfg instanceof LlamaConfig l ? (float) l.initializerRange() : 0.02f;
            model = Models.random(cfg, new RandomWeights(seed, std, DType.F32, false));
            what = cfg.modelType() + " shaped by " + dir.resolve("config.json") + " with random weights (seed " + seed + ", std " + std + "): trained from scratch";
        } else {
            model = Models.load(dir, options(cfg, task));
            what = (isBuiltin(modelArg) ? "all-MiniLM-L6-v2 (built in, " + dir + ")" : dir.toString()) + " as " + model.architecture();
        }
        Tokenizer tok = tokenizer(tokenizerArg, dir);
        if (tok.vocabSize() > model.vocabSize())
            throw new IllegalArgumentException("the tokenizer has " + tok.vocabSize() + " tokens but the model's vocabulary has "
                    + model.vocabSize() + " (vocab_size): they do not belong together");
        return new Loaded(model, tok, dir, what);
    }

    private static LoadOptions options(ModelConfig cfg, TaskSpec task) {
        if (task.type() == TaskType.GENERATION) return LoadOptions.DEFAULT;
        String arch = cfg instanceof RobertaConfig ? "RobertaForSequenceClassification" : "BertForSequenceClassification";
        String problem = task.type() == TaskType.REGRESSION ? "regression" : "single_label_classification";
        return new LoadOptions(arch, task.numLabels(), problem);
    }

    private static void checkFamily(ModelConfig cfg, TaskSpec task, Path dir) {
        boolean encoder = cfg instanceof EncoderConfig;
        if (task.type() == TaskType.GENERATION && encoder)
            throw new IllegalArgumentException("task " + task.name() + " generates text and needs a causal LM (gpt2, llama); "
                    + dir + " is a " + cfg.modelType() + " encoder");
        if (task.type() != TaskType.GENERATION && !encoder)
            throw new IllegalArgumentException("task " + task.name() + " classifies text and needs an encoder (bert, roberta); "
                    + dir + " is a " + cfg.modelType() + " decoder");
    }

    private static Tokenizer tokenizer(Path explicit, Path dir) throws IOException {
        Path file = explicit != null ? explicit : dir.resolve("tokenizer.json");
        if (!Files.exists(file))
            throw new IllegalArgumentException("no tokenizer: " + file + " does not exist; pass --tokenizer with a tokenizer.json");
        return Tokenizer.fromFile(file);
    }
}
