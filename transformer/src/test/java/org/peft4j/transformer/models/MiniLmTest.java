package org.peft4j.transformer.models;

import org.peft4j.autograd.GradMode;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real pretrained all-MiniLM-L6-v2 against ONNX Runtime's outputs (shared/models/all-MiniLM-L6-v2/reference). */
class MiniLmTest {
    static final String MODEL = "models/all-MiniLM-L6-v2";

    @Test
    void sharedFolderMatchesOnnxRuntime() throws IOException {
        assumeTrue(Golden.sharedExists(MODEL + "/reference/reference.safetensors"),
                "skipped: " + MODEL + " is not in the shared folder (peft4j.shared = " + System.getProperty("peft4j.shared") + ")");
        try (TransformerModel model = Models.load(Golden.shared(MODEL))) {
            check(model);
        }
    }

    /** Through the Maven jar, as a machine without the shared folder gets it (converted once into the user's cache). */
    @Test
    void jarImportMatchesOnnxRuntime() throws IOException {
        assumeTrue(Golden.sharedExists(MODEL + "/reference/reference.safetensors"),
                "skipped: the reference outputs of " + MODEL + " are not in the shared folder");
        try (TransformerModel model = Models.loadMiniLm()) {
            assertEquals("BertModel", model.architecture());
            check(model);
        }
    }

    private static void check(TransformerModel model) throws IOException {
        try (SafetensorsFile ref = SafetensorsFile.open(Golden.shared(MODEL + "/reference/reference.safetensors"));
             var g = GradMode.noGrad()) {
            Tensor mask = ref.tensor("attention_mask");
            ModelOutput out = model.forward(ModelInput.of(ref.tensor("input_ids"), mask).withTokenTypeIds(ref.tensor("token_type_ids")));
            Golden.assertClose("MiniLM last_hidden_state", out.lastHiddenState().value(), ref.tensor("last_hidden_state"));
            Golden.assertClose("MiniLM pooler_output", out.poolerOutput().value(), ref.tensor("pooler_output"));
            Golden.assertClose("MiniLM sentence_embedding", meanPoolNormalized(out.lastHiddenState().value(), mask), ref.tensor("sentence_embedding"));
        }
    }

    /** sentence-transformers' Pooling(mean) + Normalize. */
    static Tensor meanPoolNormalized(Tensor hidden, Tensor mask) {
        int b = hidden.size(0), t = hidden.size(1), h = hidden.size(2);
        float[] out = new float[b * h];
        for (int i = 0; i < b; i++) {
            double[] sum = new double[h];
            int n = 0;
            for (int j = 0; j < t; j++) {
                if (mask.getLong(i, j) == 0) continue;
                n++;
                for (int k = 0; k < h; k++) sum[k] += hidden.get(i, j, k);
            }
            double norm = 0;
            for (int k = 0; k < h; k++) { sum[k] /= n; norm += sum[k] * sum[k]; }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int k = 0; k < h; k++) out[i * h + k] = (float) (sum[k] / norm);
        }
        return Tensor.of(out, b, h);
    }
}
