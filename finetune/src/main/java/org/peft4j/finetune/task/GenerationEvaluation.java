package org.peft4j.finetune.task;

import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.metrics.e2e.E2eInstance;
import org.peft4j.finetune.metrics.e2e.E2eMetrics;
import org.peft4j.finetune.metrics.e2e.E2eScores;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a generation task as the E2E challenge does: test rows grouped by source text (one MR, several
 * references, in first-appearance order), one greedy output per source, then BLEU, NIST, METEOR, ROUGE-L, CIDEr.
 */
public final class GenerationEvaluation {
    private GenerationEvaluation() {}

    /** The outputs, the instances they were scored against, and the scores by metric key. */
    public record Result(List<E2eInstance> instances, CausalLm.Generations generations, Map<String, Double> metrics, String meteorNote) {}

    /** Groups rows with the same source text into one multi-reference instance, keeping first-appearance order. */
    public static List<E2eInstance> instances(List<Example> rows) {
        Map<String, List<String>> refs = new LinkedHashMap<>();
        for (Example e : rows) {
            if (e.targetText() == null) throw new IllegalArgumentException(e.where() + ": a generation test row needs a reference text");
            refs.computeIfAbsent(e.text(), k -> new ArrayList<>()).add(e.targetText());
        }
        List<E2eInstance> out = new ArrayList<>(refs.size());
        refs.forEach((mr, r) -> out.add(new E2eInstance(mr, r)));
        return out;
    }

    public static Result evaluate(CausalLm lm, List<Example> rows, int maxPromptTokens, int maxNewTokens, int batchSize) {
        List<E2eInstance> inst = instances(rows);
        if (inst.isEmpty()) throw new IllegalArgumentException("no test rows to generate for");
        CausalLm.Generations g = lm.generate(inst.stream().map(E2eInstance::mr).toList(), maxPromptTokens, maxNewTokens, batchSize);
        E2eScores s = E2eMetrics.score(inst, g.texts());
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("bleu", s.bleu());
        m.put("nist", s.nist());
        m.put("meteor", s.meteor());
        m.put("rouge_l", s.rougeL());
        m.put("cider", s.cider());
        return new Result(inst, g, m, s.meteorNote());
    }
}
