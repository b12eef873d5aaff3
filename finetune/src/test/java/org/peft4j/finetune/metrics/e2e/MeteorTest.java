package org.peft4j.finetune.metrics.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** METEOR (exact + stem approximation): hand-computed cases and the Snowball stemmer against Snowball's own Python port. */
class MeteorTest {

    @Test
    void identicalTextsScoreOne() {
        assertEquals(1.0, Meteor.segmentScore("the eagle is a pub", List.of("the eagle is a pub")), 1e-15);
    }

    @Test
    void missingWordMakesTwoChunks() {
        // matches zizzi, serves, food: P = 3/3, R = 3/4; chunks: "zizzi serves" + "food" = 2 over 3 matches
        double p = 1, r = 0.75;
        double fMean = 1 / (0.15 / p + 0.85 / r);
        double expected = fMean * (1 - 0.6 * Math.pow(2.0 / 3, 0.2));
        assertEquals(expected, Meteor.segmentScore("zizzi serves food", List.of("zizzi serves french food")), 1e-15);
    }

    @Test
    void stemMatchesCountWithWeight06() {
        // serving/serves share the stem "serv": weighted matches (0.6 + 1) / 2 on both sides, one chunk covering all
        assertEquals(0.8, Meteor.segmentScore("serving food", List.of("serves food")), 1e-15);
        var a = MeteorAligner.align(new String[] {"serving", "food"}, new String[] {"serves", "food"});
        assertArrayEquals(new int[] {1, 1}, a.testMatches());
        assertEquals(1, a.chunks());
    }

    @Test
    void bestReferenceIsChosenAndCorpusUsesSummedStatistics() {
        List<String> refs = List.of("a french restaurant", "zizzi serves french food");
        Meteor.Stats best = Meteor.best("zizzi serves food", refs);
        assertEquals(4, best.refLength());
        // Two segments: identical (3 words) + the one above: sums 6 test words, 7 ref words, 6+6 matches, 3 chunks.
        double corpus = Meteor.corpusScore(List.of("the eagle pub", "zizzi serves food"),
                List.of(List.of("the eagle pub"), refs));
        double p = 6.0 / 6, r = 6.0 / 7;
        double expected = 1 / (0.15 / p + 0.85 / r) * (1 - 0.6 * Math.pow(3.0 / 6, 0.2));
        assertEquals(expected, corpus, 1e-15);
    }

    @Test
    void normalizerSplitsLikeMeteor() {
        // Dashes between alphanumerics go (so partial credit is possible), contractions split at the apostrophe.
        assertEquals("is n 't family friendly # 20 25", MeteorNormalizer.normalize("is n't family-friendly # 20-25"));
        // A final period stays on a word followed by a lower-case word, and is split at the end.
        assertEquals("the city center. close to x .", MeteorNormalizer.normalize("the city center. close to x."));
        assertEquals("it ' s cold .", MeteorNormalizer.normalize("It 's cold."));
    }

    @Test
    void stemmerMatchesSnowballsPythonPort() {
        // snowball-english.tsv: words of the E2E references and the algorithm's standard examples with the
        // stems of Debian's python3-snowballstemmer 2.2.0 ('english'), an independent implementation.
        List<String> lines = Fixtures.lines("snowball-english.tsv");
        assertTrue(lines.size() > 1000);
        for (String line : lines) {
            String[] f = line.split("\t");
            assertEquals(f[1], EnglishStemmer.stem(f[0]), f[0]);
        }
    }
}
