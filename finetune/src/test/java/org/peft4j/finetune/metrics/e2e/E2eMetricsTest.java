package org.peft4j.finetune.metrics.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole pipeline from raw texts: BLEU, NIST, ROUGE-L and CIDEr equal the official scorer's. */
class E2eMetricsTest {

    private static void assertOfficial(JsonNode ref, E2eScores s) {
        JsonNode o = ref.get("scores");
        assertEquals(o.get("BLEU").asDouble(), s.bleu(), 1e-9);
        assertEquals(o.get("NIST").asDouble(), s.nist(), 1e-6);
        assertEquals(o.get("ROUGE_L").asDouble(), s.rougeL(), 1e-9);
        assertEquals(o.get("CIDEr").asDouble(), s.cider(), 1e-9);
        assertTrue(s.meteor() > 0 && s.meteor() <= 1, "METEOR in (0, 1]: " + s.meteor());
        assertTrue(s.meteorNote().contains("paraphrase"));
    }

    @Test
    void tinyCase() {
        assertOfficial(Fixtures.json("tiny-scores.json"), E2eMetrics.score(
                E2eData.readReferences(Fixtures.path("tiny-refs.csv")), E2eData.readOutputs(Fixtures.path("tiny-hyps.txt"), 3)));
    }

    @Test
    void systemA() {
        assertOfficial(Fixtures.json("system-a-scores.json"), E2eMetrics.score(Fixtures.testSet(), Fixtures.systemA()));
    }

    @Test
    void wrongOutputCountIsAnError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> E2eMetrics.score(E2eData.readReferences(Fixtures.path("tiny-refs.csv")), List.of("one")));
        assertTrue(e.getMessage().contains("1 outputs for 3 instances"));
    }
}
