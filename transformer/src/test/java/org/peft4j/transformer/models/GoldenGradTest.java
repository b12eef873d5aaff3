package org.peft4j.transformer.models;

import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.Var;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** One forward + backward in eval mode: the loss, the logits and every parameter gradient transformers recorded. */
class GoldenGradTest {
    @ParameterizedTest
    @ValueSource(strings = {"bert-seqcls", "roberta-seqcls", "gpt2", "llama-gqa"})
    void lossAndGradientsMatchTransformers(String name) {
        check(name, false);
    }

    /**
     * Classification heads read the first token only, so the last layer may skip the other query rows: the logits,
     * the loss and every recorded gradient (the last layer's included) must still be transformers' values.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bert-seqcls", "roberta-seqcls"})
    void lastLayerOnTheHeadRowsOnlyGivesTheSameLossAndGradients(String name) {
        check(name, true);
    }

    private static void check(String name, boolean headRowsOnly) {
        try (TransformerModel model = Models.load(Golden.caseDir(name).resolve("model"));
             SafetensorsFile golden = Golden.open(name, "grad.safetensors")) {
            model.unfreeze();
            ModelInput in = ModelInput.of(golden.tensor("input_ids"), golden.tensor("attention_mask")).withLabels(golden.tensor("labels"));
            if (golden.contains("token_type_ids")) in = in.withTokenTypeIds(golden.tensor("token_type_ids"));
            if (headRowsOnly) in = in.withHeadRowsOnly();
            ModelOutput out = model.forward(in);
            int rows = out.lastHiddenState().size(1);
            assertEquals(headRowsOnly ? 1 : in.seqLen(), rows, name + ": rows of last_hidden_state");
            Golden.assertClose(name + " logits", out.logits().value(), golden.tensor("logits"));
            Golden.assertClose(name + " loss", out.loss().value().reshape(1), golden.tensor("loss"));
            out.loss().backward();
            Map<String, Parameter> params = model.namedParameters();
            int compared = 0;
            for (String key : golden.names()) {
                if (!key.startsWith("grad.")) continue;
                String pname = key.substring("grad.".length());
                Parameter p = params.get(pname);
                assertNotNull(p, name + ": golden has a gradient for '" + pname + "', the model has no such parameter");
                assertNotNull(p.grad(), name + ": no gradient reached '" + pname + "'");
                Golden.assertClose(name + " grad " + pname, p.grad(), golden.tensor(key));
                compared++;
            }
            // the golden file records a selection of parameters (embeddings, first/last layers, head)
            assertTrue(compared >= 4, name + ": compared only " + compared + " gradients");
            Var loss = out.loss();
            assertEquals(0, loss.dim());
        }
    }
}
