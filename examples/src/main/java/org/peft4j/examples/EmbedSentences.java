package org.peft4j.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.peft4j.autograd.GradMode;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.tokenizer.Encoding;
import org.peft4j.weights.tokenizer.Tokenizer;

/**
 * Sentence embeddings with the real all-MiniLM-L6-v2, exactly as sentence-transformers computes them: tokenize,
 * pad to the longest sentence with an attention mask, run BERT, average the last hidden states over the real
 * tokens (mean pooling), L2-normalise; cosine similarity is then a dot product.
 * Run: {@code examples/run.sh EmbedSentences ["first sentence" "second" ...]}
 */
public final class EmbedSentences {
    private EmbedSentences() {}

    /** The three sentences of the model's reference vectors (../shared/models/all-MiniLM-L6-v2/reference). */
    static final List<String> DEFAULT = List.of("The quick brown fox jumps over the lazy dog.",
            "A man is playing a guitar on stage.", "Someone is performing music with a guitar.");

    public static void main(String[] args) throws Exception {
        List<String> sentences = args.length > 0 ? List.of(args) : DEFAULT;
        Path dir = MiniLmFolder.locate();
        Tokenizer tokenizer = Tokenizer.fromFile(dir.resolve("tokenizer.json")).withPadding(null);
        try (TransformerModel model = Models.load(dir)) {
            Tensor e = embed(model, tokenizer, sentences);
            for (int i = 0; i < sentences.size(); i++)
                System.out.printf(Locale.ROOT, "[%d] %s%n    tokens %s%n", i, sentences.get(i), String.join(" ", tokenizer.encode(sentences.get(i)).tokens()));
            System.out.println("cosine similarity:");
            for (int i = 0; i < sentences.size(); i++) {
                StringBuilder row = new StringBuilder("   ");
                for (int j = 0; j < sentences.size(); j++) row.append(String.format(Locale.ROOT, " %7.4f", dot(e, i, j)));
                System.out.println(row);
            }
        }
    }

    /** Unit-length sentence embeddings [n, hidden]. */
    static Tensor embed(TransformerModel model, Tokenizer tokenizer, List<String> sentences) {
        // 1. Tokenize each sentence: [CLS] word pieces [SEP]; then right-pad to the longest with [PAD] = 0.
        List<Encoding> enc = new ArrayList<>();
        int t = 0;
        for (String s : sentences) {
            Encoding x = tokenizer.encode(s);
            enc.add(x);
            t = Math.max(t, x.length());
        }
        int b = sentences.size();
        long[] ids = new long[b * t], mask = new long[b * t];
        for (int i = 0; i < b; i++)
            for (int j = 0; j < enc.get(i).length(); j++) {
                ids[i * t + j] = enc.get(i).id(j);
                mask[i * t + j] = 1;   // 1 = a real token, 0 = padding the attention must ignore
            }
        // 2. BERT forward without a tape (inference): last_hidden_state [b, t, hidden].
        Tensor hidden;
        try (var g = GradMode.noGrad()) {
            hidden = model.forward(ModelInput.of(Tensor.ofLongs(ids, b, t), Tensor.ofLongs(mask, b, t))).lastHiddenState().value();
        }
        // 3. Mean pooling over the real tokens, then L2 normalisation (sentence-transformers' Pooling + Normalize).
        int h = hidden.size(2);
        float[] out = new float[b * h];
        for (int i = 0; i < b; i++) {
            int count = enc.get(i).length();
            for (int j = 0; j < count; j++)
                for (int k = 0; k < h; k++) out[i * h + k] += hidden.get(i, j, k) / count;
            double norm = 0;
            for (int k = 0; k < h; k++) norm += out[i * h + k] * out[i * h + k];
            for (int k = 0; k < h; k++) out[i * h + k] /= (float) Math.sqrt(norm);
        }
        return Tensor.of(out, b, h);
    }

    static double dot(Tensor e, int i, int j) {
        double s = 0;
        for (int k = 0; k < e.size(1); k++) s += e.get(i, k) * e.get(j, k);
        return s;
    }
}
