package org.peft4j.transformer.models;

import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.nn.Module;

/**
 * A whole model (bare body or body with a head) with transformers' forward contract: {@link ModelInput} in,
 * {@link ModelOutput} out. Subclasses are the Hugging Face classes of the same name.
 */
public abstract class TransformerModel extends Module implements AutoCloseable {
    private AutoCloseable resources;
    private LoadReport loadReport = LoadReport.none("built in memory");

    protected TransformerModel(String path) { super(path); }

    /** Hands the model the mapped files its frozen weights view; {@link #close()} unmaps them. */
    public void attachResources(AutoCloseable mapped) { this.resources = mapped; }

    /** What the loader initialised fresh or left unused (empty for models built in memory). */
    public LoadReport loadReport() { return loadReport; }

    public void setLoadReport(LoadReport report) { this.loadReport = report; }

    /** Unmaps the weight files (the model's frozen tensors become unusable). Idempotent. */
    @Override
    public void close() {
        if (resources == null) return;
        try { resources.close(); } catch (Exception e) { throw new IllegalStateException("closing the weights of " + architecture() + ": " + e.getMessage(), e); }
        resources = null;
    }

    public abstract ModelOutput forward(ModelInput in);

    /** config.json's model_type ("bert", "roberta", "gpt2", "llama"). */
    public abstract String modelType();

    /** The transformers class this model mirrors ("BertForSequenceClassification", …). */
    public abstract String architecture();

    public abstract int vocabSize();

    public abstract int hiddenSize();

    public abstract int numLayers();

    /** The longest sequence (past + new tokens) the position embeddings allow. */
    public abstract int maxPositions();

    /** Whether forward produces logits (a classification or language-model head). */
    public abstract boolean hasHead();

    /**
     * Checks input_ids [B, T] (integer, ids inside the vocabulary, T ≥ 1) and the other inputs' shapes; a failure
     * names the input, what was expected and what was found.
     */
    protected void validate(ModelInput in, int pastLength) {
        Tensor ids = in.inputIds();
        if (ids == null) throw new IllegalArgumentException("input_ids is required");
        if (ids.dim() != 2 || ids.dtype().isFloating())
            throw new IllegalArgumentException("input_ids: expected an integer tensor [batch, seq], found " + ids.dtype() + " " + Shapes.str(ids.shape()));
        int b = ids.size(0), t = ids.size(1);
        if (b == 0 || t == 0) throw new IllegalArgumentException("input_ids: expected at least one token, found shape " + Shapes.str(ids.shape()));
        if (pastLength + t > maxPositions())
            throw new IllegalArgumentException("input_ids: " + (pastLength > 0 ? pastLength + " cached + " : "") + t
                    + " tokens exceed the model's context of " + maxPositions() + " positions (max_position_embeddings / n_positions)");
        int v = vocabSize();
        for (int i = 0; i < b; i++)
            for (int j = 0; j < t; j++) {
                long id = ids.getLong(i, j);
                if (id < 0 || id >= v)
                    throw new IllegalArgumentException("input_ids: id " + id + " at [" + i + ", " + j + "] is outside the vocabulary [0, " + v + ") (vocab_size)");
            }
        checkShape("attention_mask", in.attentionMask(), b, pastLength + t);
        checkShape("token_type_ids", in.tokenTypeIds(), b, t);
        checkShape("position_ids", in.positionIds(), b, t);
    }

    private static void checkShape(String what, Tensor x, int b, int t) {
        if (x == null) return;
        if (x.dim() != 2 || x.size(0) != b || x.size(1) != t || x.dtype().isFloating())
            throw new IllegalArgumentException(what + ": expected an integer tensor [" + b + ", " + t + "], found " + x.dtype() + " " + Shapes.str(x.shape()));
    }
}
