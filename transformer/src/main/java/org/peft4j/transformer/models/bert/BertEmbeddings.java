package org.peft4j.transformer.models.bert;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ConfigViews;
import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.transformer.nn.Child;
import org.peft4j.transformer.nn.Dropout;
import org.peft4j.transformer.nn.Embedding;
import org.peft4j.transformer.nn.LayerNorm;
import org.peft4j.transformer.nn.Module;

/**
 * LayerNorm(word[ids] + position[pos] + token_type[tt]), then dropout. BERT positions are 0..T-1; RoBERTa's are
 * padding_idx + cumsum(ids != pad) for tokens and padding_idx for pads.
 */
public final class BertEmbeddings extends Module {
    private final Child<Embedding> word, position, tokenType;
    private final Child<LayerNorm> norm;
    private final Child<Dropout> dropout;
    private final EncoderConfig cfg;

    public BertEmbeddings(String path, EncoderConfig cfg, WeightSource w) {
        super(path);
        this.cfg = cfg;
        int h = cfg.hiddenSize();
        boolean tr = w.trainable();
        word = addChild("word_embeddings", new Embedding(join(path, "word_embeddings"), w.get(join(path, "word_embeddings.weight"), cfg.vocabSize(), h), tr));
        position = addChild("position_embeddings", new Embedding(join(path, "position_embeddings"), w.get(join(path, "position_embeddings.weight"), cfg.maxPositionEmbeddings(), h), tr));
        tokenType = addChild("token_type_embeddings", new Embedding(join(path, "token_type_embeddings"), w.get(join(path, "token_type_embeddings.weight"), cfg.typeVocabSize(), h), tr));
        norm = addChild("LayerNorm", new LayerNorm(join(path, "LayerNorm"), w.get(join(path, "LayerNorm.weight"), h), w.get(join(path, "LayerNorm.bias"), h), (float) cfg.layerNormEps(), tr));
        dropout = addChild("dropout", new Dropout(join(path, "dropout"), (float) cfg.hiddenDropoutProb()));
    }

    /** @param tokenTypeIds [B, T] or null (zeros); @param positionIds [B, T] or null (the family's default) */
    public Var forward(Tensor inputIds, Tensor tokenTypeIds, Tensor positionIds) {
        int b = inputIds.size(0), t = inputIds.size(1);
        if (positionIds == null) positionIds = ConfigViews.isRoberta(cfg) ? robertaPositions(inputIds, ConfigViews.paddingIdx(cfg)) : Tensor.ofLongs(range(t), 1, t);
        if (tokenTypeIds == null) tokenTypeIds = Tensor.zeros(DType.I64, b, t);
        checkRange("token_type_ids", tokenTypeIds, cfg.typeVocabSize(), "type_vocab_size");
        checkRange("position ids", positionIds, cfg.maxPositionEmbeddings(), "max_position_embeddings");
        Var x = F.add(word.get().forward(inputIds), tokenType.get().forward(tokenTypeIds));
        x = F.add(x, position.get().forward(positionIds));
        return dropout.get().forward(norm.get().forward(x));
    }

    private static long[] range(int t) {
        long[] r = new long[t];
        for (int i = 0; i < t; i++) r[i] = i;
        return r;
    }

    /** transformers' create_position_ids_from_input_ids: pad → padding_idx, token k of a row → padding_idx + k (1-based). */
    public static Tensor robertaPositions(Tensor ids, int padIdx) {
        int b = ids.size(0), t = ids.size(1);
        long[] out = new long[b * t];
        for (int i = 0; i < b; i++) {
            long count = 0;
            for (int j = 0; j < t; j++) {
                boolean token = ids.getLong(i, j) != padIdx;
                if (token) count++;
                out[i * t + j] = token ? padIdx + count : padIdx;
            }
        }
        return Tensor.ofLongs(out, b, t);
    }

    private static void checkRange(String what, Tensor ids, int limit, String field) {
        long[] v = ids.toLongArray();
        for (int i = 0; i < v.length; i++)
            if (v[i] < 0 || v[i] >= limit)
                throw new IllegalArgumentException(what + ": value " + v[i] + " at flat position " + i + " is outside [0, " + limit + ") (" + field + ")");
    }
}
