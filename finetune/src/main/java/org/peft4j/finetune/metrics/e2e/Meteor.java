package org.peft4j.finetune.metrics.e2e;

import java.util.List;

/**
 * An approximation of METEOR 1.5 as the E2E scorer runs it ({@code -l en -norm}, English ranking
 * parameters alpha 0.85, beta 0.20, gamma 0.60, delta 0.75; per instance the best-scoring
 * reference; the corpus score from the summed statistics).
 *
 * <p><b>Gaps</b> (the official jar and its data files are not available here): only the exact and
 * stem stages are run; the synonym (WordNet) and paraphrase-table stages are missing, and so is
 * METEOR's English function-word list, so every word is weighted as a content word. Scores are
 * therefore not the official METEOR values (usually lower, since synonym and paraphrase matches
 * are lost).
 */
public final class Meteor {
    private Meteor() {}

    public static final String NOTE = "METEOR approximation: exact + stem (Snowball English) stages only; "
            + "the synonym (WordNet) and paraphrase stages and METEOR's function-word list are unavailable here, "
            + "so values differ from the official meteor-1.5.jar (normally lower)";

    static final double ALPHA = 0.85, BETA = 0.20, GAMMA = 0.60, DELTA = 0.75;
    /** Scoring weights of the exact and stem modules (English ranking task). */
    static final double[] WEIGHTS = {1.0, 0.6};

    /** Sufficient statistics of one or more aligned pairs; they add up over a corpus. */
    record Stats(long testLength, long refLength, long[] testMatches, long[] refMatches, long chunks) {
        Stats plus(Stats o) {
            long[] tm = testMatches.clone(), rm = refMatches.clone();
            for (int i = 0; i < tm.length; i++) {
                tm[i] += o.testMatches[i];
                rm[i] += o.refMatches[i];
            }
            return new Stats(testLength + o.testLength, refLength + o.refLength, tm, rm, chunks + o.chunks);
        }

        double score() {
            // No function words: the weighted lengths are delta * length, so delta cancels out.
            double testW = DELTA * testLength, refW = DELTA * refLength;
            double tW = 0, rW = 0, tAll = 0, rAll = 0;
            for (int i = 0; i < WEIGHTS.length; i++) {
                tW += testMatches[i] * WEIGHTS[i] * DELTA;
                rW += refMatches[i] * WEIGHTS[i] * DELTA;
                tAll += testMatches[i];
                rAll += refMatches[i];
            }
            double p = tW / testW, r = rW / refW;
            double fMean = 1.0 / (((1.0 - ALPHA) / p) + (ALPHA / r));
            double frag = (tAll == testLength && rAll == refLength && chunks == 1) ? 0 : chunks / ((tAll + rAll) / 2);
            double score = fMean * (1.0 - GAMMA * Math.pow(frag, BETA));
            return Double.isNaN(score) ? 0 : Math.max(score, 0.0);
        }
    }

    static final Stats ZERO = new Stats(0, 0, new long[2], new long[2], 0);

    /** Statistics of one test text against one reference (both already PTB-tokenized). */
    static Stats pair(String test, String ref) {
        return alignedPair(words(MeteorNormalizer.normalize(test)), ref);
    }

    private static Stats alignedPair(String[] t, String ref) {
        String[] r = words(MeteorNormalizer.normalize(ref));
        MeteorAligner.Alignment a = MeteorAligner.align(t, r);
        long[] tm = new long[2], rm = new long[2];
        for (int i = 0; i < 2; i++) {
            tm[i] = a.testMatches()[i];
            rm[i] = a.refMatches()[i];
        }
        return new Stats(a.testLength(), a.refLength(), tm, rm, a.chunks());
    }

    /** The statistics of the best-scoring reference (the first one on ties). */
    static Stats best(String test, List<String> refs) {
        Stats best = null;
        double bestScore = -1;
        String[] t = words(MeteorNormalizer.normalize(test));
        for (String ref : refs) {
            Stats s = alignedPair(t, ref);
            double sc = s.score();
            if (sc > bestScore) {
                best = s;
                bestScore = sc;
            }
        }
        return best;
    }

    /** Corpus METEOR over PTB-tokenized outputs and references: computed from the summed statistics. */
    public static double corpusScore(List<String> outputs, List<List<String>> refs) {
        Stats total = ZERO;
        for (int i = 0; i < outputs.size(); i++) {
            total = total.plus(best(outputs.get(i), refs.get(i)));
        }
        return total.score();
    }

    /** METEOR of one output against its references (PTB-tokenized). */
    public static double segmentScore(String output, List<String> refs) {
        return best(output, refs).score();
    }

    private static String[] words(String s) {
        return s.isEmpty() ? new String[0] : s.split(" ");
    }
}
