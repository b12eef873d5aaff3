package org.peft4j.transformer.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.OpRecord;
import org.peft4j.tensor.trace.Trace;
import org.peft4j.transformer.models.Golden;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;

import static org.junit.jupiter.api.Assertions.*;

/** The tiny golden BERT classifier (2 layers, hidden 64, 4 heads) traced through forward, backward and AdamW. */
class ModulePathTraceTest {
    private static final String L0 = "bert.encoder.layer.0.";

    private static ModelInput input() {
        Tensor ids = Tensor.ofLongs(new long[]{2, 17, 41, 3, 2, 9, 3, 0}, 2, 4);
        Tensor mask = Tensor.ofLongs(new long[]{1, 1, 1, 1, 1, 1, 1, 0}, 2, 4);
        return ModelInput.of(ids, mask).withLabels(Tensor.ofLongs(new long[]{0, 2}, 2));
    }

    private static OpRecord only(List<OpRecord> rs, String phase, String path, String op) {
        List<OpRecord> m = rs.stream().filter(r -> r.phase().equals(phase) && r.path().equals(path) && r.op().equals(op)).toList();
        assertEquals(1, m.size(), phase + " " + op + " at " + path + ": " + m + "\nall paths: "
                + rs.stream().map(r -> r.phase() + ":" + r.path() + ":" + r.op()).collect(Collectors.joining("\n")));
        return m.getFirst();
    }

    @Test
    void forwardBackwardAndOptimizerOpsCarryHuggingFacePaths(@TempDir Path dir) throws Exception {
        try (TransformerModel model = Models.load(Golden.caseDir("bert-seqcls").resolve("model"))) {
            model.unfreeze();
            AdamW opt = new AdamW(model.trainableParameters(), 1e-3);
            Trace t;
            try (Trace tr = Trace.start()) {
                t = tr;
                ModelOutput out = model.forward(input());
                out.loss().backward();
                opt.step();
            }
            List<OpRecord> rs = t.records();

            OpRecord q = only(rs, "forward", L0 + "attention.self.query", "linear");
            assertEquals("F32[2, 4, 64] x F32[64, 64] x F32[64] -> F32[2, 4, 64]", q.signature());
            assertEquals(2L * 8 * 64 * 64 + 8 * 64, q.flops());
            // scores and context: q·kᵀ [2,4,4,16]x[2,4,16,4], then probs·v, in the self-attention module itself
            OpRecord scores = rs.stream().filter(r -> r.phase().equals("forward") && r.path().equals(L0 + "attention.self")
                    && r.op().equals("matmul")).findFirst().orElseThrow();
            assertEquals("F32[2, 4, 4, 16] x F32[2, 4, 16, 4] -> F32[2, 4, 4, 4]", scores.signature());
            only(rs, "forward", L0 + "attention.self", "softmax");
            only(rs, "forward", L0 + "attention.output.LayerNorm", "layer_norm");
            only(rs, "forward", L0 + "attention.output", "add");
            only(rs, "forward", "bert.pooler.dense", "linear");
            only(rs, "forward", L0 + "intermediate", "gelu");
            only(rs, "forward", "bert.embeddings.word_embeddings", "embedding");
            only(rs, "forward", "", "cross_entropy");

            // backward ops carry the forward op's path and name the op they differentiate
            List<OpRecord> qGrad = rs.stream().filter(r -> r.phase().equals("backward") && r.path().equals(L0 + "attention.self.query")).toList();
            assertFalse(qGrad.isEmpty(), "no backward ops under the query projection");
            assertTrue(qGrad.stream().allMatch(r -> "linear".equals(r.gradOf())), qGrad.toString());
            Set<String> qGradOps = qGrad.stream().map(OpRecord::op).collect(Collectors.toSet());
            assertTrue(qGradOps.containsAll(Set.of("matmul", "matmul_tn", "sum_to")), "dX = g·W, dW = gᵀ·x, db = Σg: " + qGradOps);
            only(rs, "backward", L0 + "intermediate", "gelu_backward");

            // AdamW: one update per trainable parameter (weight and bias), under the parameter's module
            List<OpRecord> upd = rs.stream().filter(r -> r.phase().equals("optimizer") && r.path().equals(L0 + "attention.self.query")).toList();
            assertEquals(List.of("adamw_update", "adamw_update"), upd.stream().map(OpRecord::op).toList());
            assertEquals(64L * 64 * 14, upd.getFirst().flops(), "14 FLOPs per weight element");
            assertEquals("F32[64, 64] x F32[64, 64] x F32[64, 64] x F32[64, 64] -> F32[64, 64], F32[64, 64], F32[64, 64]",
                    upd.getFirst().signature(), "reads parameter, gradient, m, v; writes parameter, m, v");

            ObjectMapper json = new ObjectMapper();
            Path chrome = dir.resolve("trace.json"), lines = dir.resolve("ops.jsonl");
            t.writeChromeTrace(chrome);
            t.writeJsonLines(lines);
            JsonNode events = json.readTree(chrome.toFile()).get("traceEvents");
            assertTrue(events.isArray() && events.size() > rs.size(), "ops plus phase and module spans");
            boolean sawModule = false;
            for (JsonNode e : events) {
                if (e.get("ph").asText().equals("X")) assertTrue(e.get("dur").asDouble() >= 0);
                sawModule |= e.path("cat").asText().equals("module") && e.get("name").asText().equals("bert.encoder.layer.0.attention");
            }
            assertTrue(sawModule, "a span for bert.encoder.layer.0.attention");
            List<String> ls = Files.readAllLines(lines);
            assertEquals(rs.size(), ls.size());
            for (String l : ls) assertTrue(json.readTree(l).has("op"));
        }
    }

    @Test
    void treeGroupsOpsUnderTheirModules() {
        try (TransformerModel model = Models.load(Golden.caseDir("bert-seqcls").resolve("model"))) {
            Trace t;
            try (Trace tr = Trace.start()) {
                t = tr;
                model.forward(input());
            }
            String tree = t.tree();
            int layer = tree.indexOf("layer.0  ["), query = tree.indexOf("query  ["), lin = tree.indexOf("- linear_few_rows F32[2, 4, 64] x F32[64, 64]");
            assertTrue(layer >= 0 && query > layer && lin > query, tree);
            assertTrue(t.summary().table().contains("linear"));
        }
    }
}
