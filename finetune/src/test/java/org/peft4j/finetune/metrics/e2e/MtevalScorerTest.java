package org.peft4j.finetune.metrics.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BLEU and NIST against the official mteval-v13a values (metrics-reference README). */
class MtevalScorerTest {

    private static MtevalScorer.Result score(List<E2eInstance> refs, List<String> outputs) {
        List<List<String>> hyp = outputs.stream().map(MtevalTokenizer::tokenize).toList();
        List<List<List<String>>> ref = new ArrayList<>();
        for (E2eInstance inst : refs) {
            ref.add(inst.references().stream().map(MtevalTokenizer::tokenize).toList());
        }
        return MtevalScorer.score(hyp, ref);
    }

    @Test
    void tokenizerFollowsMteval13a() {
        assertEquals(List.of("£20", "-", "25", "."), MtevalTokenizer.tokenize("£20-25."));
        assertEquals(List.of("isn't", "family-friendly", ",", "1.5", "20,000", "É"),
                MtevalTokenizer.tokenize("Isn't Family-friendly, 1.5 20,000 É"));
        assertEquals(List.of("a", "\"", "&", "b", "(", "c", ")", "/", "d"), MtevalTokenizer.tokenize("A &quot;&amp;b (c)/d"));
        assertEquals(List.of(), MtevalTokenizer.tokenize("   "));
    }

    @Test
    void tinyCaseMatchesTheOfficialScorer() {
        JsonNode ref = Fixtures.json("tiny-scores.json");
        var r = score(E2eData.readReferences(Fixtures.path("tiny-refs.csv")),
                E2eData.readOutputs(Fixtures.path("tiny-hyps.txt"), 3));
        JsonNode stats = ref.get("mteval_corpus_stats");
        assertEquals(stats.get("hyp_length").asLong(), r.hypLength());
        assertEquals(stats.get("ref_length_closest").asLong(), r.closestRefLength());
        for (int n = 1; n <= 4; n++) {
            assertEquals(stats.get("match_1to4").get(n - 1).asLong(), r.matches()[n], "matches n=" + n);
            assertEquals(stats.get("hyp_ngrams_1to4").get(n - 1).asLong(), r.hypNgrams()[n], "hyp n-grams n=" + n);
        }
        for (int n = 1; n <= 5; n++) {
            assertEquals(stats.get("nist_info_1to5").get(n - 1).asDouble(), r.nistInfo()[n], 1e-9, "NIST info n=" + n);
        }
        assertEquals(ref.get("scores").get("BLEU").asDouble(), r.bleu(), 1e-12);
        assertEquals(ref.get("scores").get("NIST").asDouble(), r.nist(), 1e-9);
        // By hand (README): BLEU = exp(1 - 17/16) * (1 * 11/13 * 7/10 * 4/7)^(1/4)
        assertEquals(Math.exp(1 - 17.0 / 16) * Math.pow(11.0 / 13 * 7 / 10 * 4 / 7, 0.25), r.bleu(), 1e-15);
    }

    @Test
    void systemAMatchesTheOfficialScorer() {
        JsonNode ref = Fixtures.json("system-a-scores.json");
        List<E2eInstance> refs = Fixtures.testSet();
        assertEquals(630, refs.size());
        assertEquals(4693, refs.stream().mapToInt(i -> i.references().size()).sum());
        var r = score(refs, Fixtures.systemA());
        JsonNode stats = ref.get("mteval_corpus_stats");
        assertEquals(stats.get("hyp_length").asLong(), r.hypLength());
        assertEquals(stats.get("ref_length_closest").asLong(), r.closestRefLength());
        for (int n = 1; n <= 4; n++) {
            assertEquals(stats.get("match_1to4").get(n - 1).asLong(), r.matches()[n], "matches n=" + n);
            assertEquals(stats.get("hyp_ngrams_1to4").get(n - 1).asLong(), r.hypNgrams()[n], "hyp n-grams n=" + n);
        }
        for (int n = 1; n <= 5; n++) {
            assertEquals(stats.get("nist_info_1to5").get(n - 1).asDouble(), r.nistInfo()[n], 1e-6, "NIST info n=" + n);
        }
        assertEquals(ref.get("scores").get("BLEU").asDouble(), r.bleu(), 1e-9);
        assertEquals(ref.get("scores").get("NIST").asDouble(), r.nist(), 1e-6);
    }

    @Test
    void systemASegmentTokensAndCountsMatch() {
        List<E2eInstance> refs = Fixtures.testSet();
        List<String> outputs = Fixtures.systemA();
        List<String> seg = Fixtures.lines("system-a-segments.tsv.gz");
        for (int i = 0; i < 630; i++) {
            String[] f = seg.get(i + 1).split("\t", -1);
            List<String> hyp = MtevalTokenizer.tokenize(outputs.get(i));
            assertEquals(f[12], String.join(" ", hyp), "MT-Eval tokens of output " + i);
            List<List<String>> r = refs.get(i).references().stream().map(MtevalTokenizer::tokenize).toList();
            assertEquals(Integer.parseInt(f[3]), MtevalScorer.closestLength(hyp.size(), r), "closest ref length " + i);
        }
    }
}
