package org.peft4j.finetune.metrics.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ROUGE-L and CIDEr-D on the PTB tokens the official scorer saw (from the reference files), so
 * these tests check the metric code alone; PtbTokenizerTest checks the tokenizer.
 */
class RougeAndCiderTest {

    @Test
    void tinyCase() {
        JsonNode ref = Fixtures.json("tiny-scores.json");
        List<String> hyps = new ArrayList<>();
        List<List<String>> refs = new ArrayList<>();
        for (JsonNode seg : ref.get("segments")) {
            hyps.add(seg.get("hyp_ptb_tokens").asText());
            List<String> r = new ArrayList<>();
            seg.get("refs_ptb_tokens").forEach(x -> r.add(x.asText()));
            refs.add(r);
        }
        double[] cider = CiderD.instanceScores(hyps, refs);
        for (int i = 0; i < 3; i++) {
            JsonNode seg = ref.get("segments").get(i);
            assertEquals(seg.get("ROUGE_L").asDouble(), RougeL.instanceScore(hyps.get(i), refs.get(i)), 1e-12);
            assertEquals(seg.get("CIDEr").asDouble(), cider[i], 1e-12);
        }
        assertEquals(ref.get("scores").get("ROUGE_L").asDouble(), RougeL.corpusScore(hyps, refs), 1e-12);
        assertEquals(ref.get("scores").get("CIDEr").asDouble(), CiderD.corpusScore(hyps, refs), 1e-12);
        // By hand (README): MR 2 has P = 1, R = 3/4 -> (1 + 1.44) * 0.75 / (0.75 + 1.44)
        assertEquals(2.44 * 0.75 / (0.75 + 1.44), RougeL.instanceScore(hyps.get(1), refs.get(1)), 1e-15);
    }

    @Test
    void systemA() {
        JsonNode ref = Fixtures.json("system-a-scores.json");
        List<List<String>> refs = new ArrayList<>();
        for (int i = 0; i < 630; i++) {
            refs.add(new ArrayList<>());
        }
        List<String> tok = Fixtures.lines("testset-refs-ptb-tokens.tsv.gz");
        for (String line : tok.subList(1, tok.size())) {
            String[] f = line.split("\t", -1);
            refs.get(Integer.parseInt(f[0])).add(f[2]);
        }
        List<String> seg = Fixtures.lines("system-a-segments.tsv.gz");
        List<String> hyps = new ArrayList<>();
        for (String line : seg.subList(1, seg.size())) {
            hyps.add(line.split("\t", -1)[13]);
        }
        double[] cider = CiderD.instanceScores(hyps, refs);
        for (int i = 0; i < 630; i++) {
            String[] f = seg.get(i + 1).split("\t", -1);
            assertEquals(Double.parseDouble(f[1]), RougeL.instanceScore(hyps.get(i), refs.get(i)), 1e-12, "ROUGE_L " + i);
            assertEquals(Double.parseDouble(f[2]), cider[i], 1e-12, "CIDEr " + i);
        }
        assertEquals(ref.get("scores").get("ROUGE_L").asDouble(), RougeL.corpusScore(hyps, refs), 1e-12);
        assertEquals(ref.get("scores").get("CIDEr").asDouble(), CiderD.corpusScore(hyps, refs), 1e-12);
    }
}
