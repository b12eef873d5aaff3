package org.peft4j.finetune.metrics.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus-level BLEU (n = 1..4) and NIST (n = 1..5) as {@code mteval-v13a-sig.pl} computes them for
 * the E2E challenge, with a variable number of references per segment (empty references are
 * skipped). The rules are spelled out in the E2E metrics-reference README; in short:
 * <ul>
 *   <li>BLEU: per segment, output n-gram counts are clipped by the largest count of that n-gram in
 *       any one reference; matches and output n-gram totals are summed over the corpus; the
 *       reference length is the sum of the reference lengths closest to each output's length (a tie
 *       goes to the shorter); an order with no match is smoothed to 1/(2^k * total).</li>
 *   <li>NIST: n-gram information weights come from all references of all segments pooled;
 *       the brevity penalty uses the total reference words divided by the mean number of
 *       references per segment.</li>
 * </ul>
 */
public final class MtevalScorer {
    static final int BLEU_ORDER = 4;
    static final int NIST_ORDER = 5;

    /** Corpus statistics and both scores. */
    public record Result(double bleu, double nist, long hypLength, long closestRefLength,
                         long[] matches, long[] hypNgrams, double[] nistInfo) {}

    private MtevalScorer() {}

    /** Scores {@code outputs[i]} against {@code references.get(i)} (already tokenized). */
    public static Result score(List<List<String>> outputs, List<List<List<String>>> references) {
        if (outputs.size() != references.size()) {
            throw new IllegalArgumentException(outputs.size() + " outputs but " + references.size() + " reference sets");
        }
        List<List<List<String>>> refs = new ArrayList<>();
        for (List<List<String>> r : references) {
            refs.add(r.stream().filter(x -> !x.isEmpty()).toList());
        }
        Map<String, Double> info = informationWeights(refs);

        long hypLength = 0, refLength = 0;
        long[] matches = new long[NIST_ORDER + 1];
        long[] hypNgrams = new long[NIST_ORDER + 1];
        double[] nistInfo = new double[NIST_ORDER + 1];
        long refWords = 0, nonEmptyRefs = 0;
        for (int s = 0; s < outputs.size(); s++) {
            List<String> hyp = outputs.get(s);
            List<List<String>> segRefs = refs.get(s);
            hypLength += hyp.size();
            refLength += closestLength(hyp.size(), segRefs);
            for (List<String> r : segRefs) {
                refWords += r.size();
                nonEmptyRefs++;
            }
            for (int n = 1; n <= NIST_ORDER; n++) {
                hypNgrams[n] += Math.max(0, hyp.size() - n + 1);
                Map<String, Integer> refMax = NGrams.maxCounts(segRefs, n);
                for (Map.Entry<String, Integer> e : NGrams.count(hyp, n).entrySet()) {
                    Integer max = refMax.get(e.getKey());
                    if (max != null) {
                        int clipped = Math.min(e.getValue(), max);
                        matches[n] += clipped;
                        nistInfo[n] += info.get(e.getKey()) * clipped;
                    }
                }
            }
        }
        double bleu = bleu(hypLength, refLength, matches, hypNgrams);
        double meanRefs = (double) nonEmptyRefs / outputs.size();
        double nist = nist(hypLength, refWords / meanRefs, nistInfo, hypNgrams);
        return new Result(bleu, nist, hypLength, refLength, matches, hypNgrams, nistInfo);
    }

    /** The closest reference length; ties go to the shorter reference. 0 when there are no references. */
    static int closestLength(int hypLen, List<List<String>> refs) {
        int best = -1;
        for (List<String> r : refs) {
            int len = r.size();
            if (best < 0 || Math.abs(len - hypLen) < Math.abs(best - hypLen)
                    || (Math.abs(len - hypLen) == Math.abs(best - hypLen) && len < best)) {
                best = len;
            }
        }
        return Math.max(best, 0);
    }

    static double bleu(long hypLength, long refLength, long[] matches, long[] hypNgrams) {
        double brevity = hypLength > 0 ? Math.exp(Math.min(0.0, 1.0 - (double) refLength / hypLength)) : 0.0;
        double logSum = 0;
        double smooth = 1;
        for (int n = 1; n <= BLEU_ORDER; n++) {
            double logP;
            if (hypNgrams[n] == 0) {
                logP = 0;
            } else if (matches[n] == 0) {
                smooth *= 2;
                logP = Math.log(1.0 / (smooth * hypNgrams[n]));
            } else {
                logP = Math.log((double) matches[n] / hypNgrams[n]);
            }
            logSum += logP;
        }
        return Math.exp(logSum / BLEU_ORDER) * brevity;
    }

    static double nist(long hypLength, double refLengthPerSegmentSet, double[] info, long[] hypNgrams) {
        double score = 0;
        for (int n = 1; n <= NIST_ORDER; n++) {
            score += info[n] / Math.max(hypNgrams[n], 1);
        }
        return score * nistLengthPenalty(hypLength / refLengthPerSegmentSet);
    }

    static double nistLengthPenalty(double ratio) {
        if (ratio >= 1) {
            return 1;
        }
        if (ratio <= 0) {
            return 0;
        }
        double ratioX = 1.5, scoreX = 0.5;
        double beta = -Math.log(scoreX) / Math.log(ratioX) / Math.log(ratioX);
        return Math.exp(-beta * Math.log(ratio) * Math.log(ratio));
    }

    /** info(w1..wn) = log2(count(w1..wn-1) / count(w1..wn)) over all references; unigrams use the total word count. */
    static Map<String, Double> informationWeights(List<List<List<String>>> refs) {
        Map<String, Integer> counts = new HashMap<>();
        long totalWords = 0;
        for (List<List<String>> seg : refs) {
            for (List<String> r : seg) {
                totalWords += r.size();
                for (int n = 1; n <= NIST_ORDER; n++) {
                    NGrams.count(r, n).forEach((g, c) -> counts.merge(g, c, Integer::sum));
                }
            }
        }
        Map<String, Double> info = new HashMap<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String g = e.getKey();
            int cut = g.lastIndexOf(' ');
            double context = cut < 0 ? totalWords : counts.get(g.substring(0, cut));
            info.put(g, -Math.log(e.getValue() / context) / Math.log(2));
        }
        return info;
    }
}
