package org.peft4j.finetune.metrics.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PtbTokenizer against CoreNLP 3.4.1 outputs (see resources/.../metrics/ptb/README.md). */
class PtbTokenizerTest {

    private static void assertSameTokens(List<String> inputs, List<String> expected, String what) {
        List<List<String>> got = PtbTokenizer.tokenizeLines(inputs);
        assertEquals(expected.size(), got.size(), what + ": line count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), String.join(" ", got.get(i)), what + " line " + (i + 1) + ": " + inputs.get(i));
        }
    }

    @Test
    void edgeCasesMatchCoreNlp() {
        assertSameTokens(Fixtures.lines("ptb/edges.txt"), Fixtures.lines("ptb/edges.tok"), "edge cases");
    }

    @Test
    void devReferencesMatchCoreNlp() {
        assertSameTokens(Fixtures.lines("ptb/devset-refs.txt.gz"), Fixtures.lines("ptb/devset-refs.tok.gz"), "dev refs");
    }

    @Test
    void testReferencesMatchTheScorersTokens() {
        List<String> refs = new ArrayList<>();
        Fixtures.testSet().forEach(i -> refs.addAll(i.references()));
        List<String> tok = Fixtures.lines("testset-refs-ptb-tokens.tsv.gz");
        List<String> got = PtbTokenizer.tokenizeForScoring(refs);
        assertEquals(4693, got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(tok.get(i + 1).split("\t", -1)[2], got.get(i), "reference " + i + ": " + refs.get(i));
        }
    }

    @Test
    void systemAOutputsMatchTheScorersTokens() {
        List<String> got = PtbTokenizer.tokenizeForScoring(Fixtures.systemA());
        List<String> seg = Fixtures.lines("system-a-segments.tsv.gz");
        for (int i = 0; i < 630; i++) {
            assertEquals(seg.get(i + 1).split("\t", -1)[13], got.get(i), "output " + i);
        }
    }

    @Test
    void readmeExamples() {
        assertEquals(List.of("# 20-25", "# 20 # 25", "is n't it 's ca n't can not", "family-friendly -lrb- x -rrb-", "center. close"),
                PtbTokenizer.tokenizeForScoring(List.of("£20-25.", "£20-£25", "Isn't it's can't cannot", "family-friendly (x)", "center., close")));
    }
}
