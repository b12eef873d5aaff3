package org.peft4j.finetune.metrics.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores system outputs against multi-reference E2E data as the official E2E NLG challenge scorer
 * does: BLEU and NIST with MT-Eval v13a tokenization; ROUGE-L, CIDEr-D and METEOR on PTB-tokenized,
 * punctuation-free text. METEOR is an approximation (see {@link Meteor#NOTE}).
 */
public final class E2eMetrics {
    private E2eMetrics() {}

    public static E2eScores score(List<E2eInstance> instances, List<String> outputs) {
        if (instances.size() != outputs.size()) {
            throw new IllegalArgumentException(outputs.size() + " outputs for " + instances.size()
                    + " instances: expected one output per distinct MR, in order");
        }
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("nothing to score");
        }
        List<List<String>> hypTok = outputs.stream().map(MtevalTokenizer::tokenize).toList();
        List<List<List<String>>> refTok = new ArrayList<>();
        List<String> allRefs = new ArrayList<>();
        for (E2eInstance inst : instances) {
            refTok.add(inst.references().stream().map(MtevalTokenizer::tokenize).toList());
            allRefs.addAll(inst.references());
        }
        MtevalScorer.Result mteval = MtevalScorer.score(hypTok, refTok);

        // The coco tokenizer runs once over all references and once over all outputs.
        List<String> refPtb = PtbTokenizer.tokenizeForScoring(allRefs);
        List<String> hypPtb = PtbTokenizer.tokenizeForScoring(outputs);
        List<List<String>> refsPerInstance = new ArrayList<>();
        int k = 0;
        for (E2eInstance inst : instances) {
            refsPerInstance.add(refPtb.subList(k, k + inst.references().size()));
            k += inst.references().size();
        }
        return new E2eScores(mteval.bleu(), mteval.nist(), Meteor.corpusScore(hypPtb, refsPerInstance),
                RougeL.corpusScore(hypPtb, refsPerInstance), CiderD.corpusScore(hypPtb, refsPerInstance), Meteor.NOTE);
    }
}
