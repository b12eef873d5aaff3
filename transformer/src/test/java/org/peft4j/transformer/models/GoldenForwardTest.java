package org.peft4j.transformer.models;

import org.peft4j.autograd.GradMode;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/** Every forward output recorded by transformers for the golden model cases: hidden states, attentions, pooler, logits. */
class GoldenForwardTest {
    @ParameterizedTest
    @ValueSource(strings = {"bert", "bert-seqcls", "roberta-seqcls", "gpt2", "llama-gqa"})
    void forwardMatchesTransformers(String name) {
        try (TransformerModel model = Models.load(Golden.caseDir(name).resolve("model"));
             SafetensorsFile golden = Golden.open(name, "forward.safetensors");
             var g = GradMode.noGrad()) {
            int checked = 0;
            for (int i = 0; golden.contains("input" + i + ".input_ids"); i++) {
                String p = "input" + i + ".";
                ModelInput in = ModelInput.of(golden.tensor(p + "input_ids"), golden.tensor(p + "attention_mask"))
                        .withHiddenStates().withAttentions();
                if (golden.contains(p + "token_type_ids")) in = in.withTokenTypeIds(golden.tensor(p + "token_type_ids"));
                ModelOutput out = model.forward(in);
                Golden.assertClose(name + " " + p + "last_hidden_state", out.lastHiddenState().value(), golden.tensor(p + "last_hidden_state"));
                for (int k = 0; golden.contains(p + "hidden_states." + k); k++, checked++)
                    Golden.assertClose(name + " " + p + "hidden_states." + k, out.hiddenStates().get(k).value(), golden.tensor(p + "hidden_states." + k));
                assertFalse(golden.contains(p + "hidden_states." + out.hiddenStates().size()), "golden has more hidden states than the model");
                for (int k = 0; golden.contains(p + "attentions." + k); k++, checked++)
                    Golden.assertClose(name + " " + p + "attentions." + k, out.attentions().get(k).value(), golden.tensor(p + "attentions." + k));
                assertEquals(model.numLayers(), out.attentions().size());
                if (golden.contains(p + "pooler_output")) {
                    Golden.assertClose(name + " " + p + "pooler_output", out.poolerOutput().value(), golden.tensor(p + "pooler_output"));
                    checked++;
                }
                if (golden.contains(p + "logits")) {
                    Golden.assertClose(name + " " + p + "logits", out.logits().value(), golden.tensor(p + "logits"));
                    checked++;
                } else {
                    assertNull(out.logits());
                }
            }
            assertTrue(checked >= 12, "compared only " + checked + " tensors");
        }
    }
}
